"""Content-addressed files (issue 12 « Shape »): the Blob rows, the blob store they live in,
the streaming upload handler and the models' file storage — below every app that keeps a
file, so candidatures, evidence and the later apps share them without importing each
other."""
