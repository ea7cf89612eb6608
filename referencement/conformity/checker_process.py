"""The dedicated checking process: runs compiled schematrons with Saxon, one job at a time.

Started by ``saxon.py`` as ``python -m referencement.conformity.checker_process FD`` where FD
is its end of a socket pair. It owns the only Saxon processor that checks documents (so a
SaxonC processor is never used from a thread that did not create it) and keeps every
stylesheet it compiled, with the documents passed as its parameters (value sets, parsed once).
For each request ``(stylesheet path, document path, {parameter: XML file})`` it answers
``(COMPILED, "")`` once the stylesheet is ready, then ``(DONE, svrl)`` or
``(FAILED, reason)``. The client kills it when a check overruns its limit, which really
stops the work, and starts another for the next check.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from pathlib import Path

from saxonche import PySaxonProcessor, PyXdmNode, PyXsltExecutable

from .saxon import COMPILED, DONE, FAILED


def saxon_reason(exc: Exception) -> str:
    """Saxon's message on one line, bounded (Saxon raises one generic exception type)."""
    return " ".join(str(exc).split())[:300] or type(exc).__name__


class _Stylesheets:
    """Compiled stylesheets of this process, recompiled when the file changes, and the
    documents set as their parameters."""

    def __init__(self, processor: PySaxonProcessor) -> None:
        self.processor = processor
        self.executables: dict[tuple[str, int], PyXsltExecutable] = {}
        self.documents: dict[str, PyXdmNode] = {}

    def get(self, path: Path, parameters: dict[str, str]) -> PyXsltExecutable:
        key = (str(path.resolve()), path.stat().st_mtime_ns)
        executable = self.executables.get(key)
        if executable is None:
            executable = self.processor.new_xslt30_processor().compile_stylesheet(
                stylesheet_file=key[0]
            )
            for name, file in parameters.items():
                executable.set_parameter(name, self._document(file))
            self.executables[key] = executable
        return executable

    def _document(self, file: str) -> PyXdmNode:
        node = self.documents.get(file)
        if node is None:
            node = self.documents[file] = self.processor.parse_xml(xml_file_name=file)
        return node


def serve(connection: Connection) -> None:
    """Answer requests until the client closes its end."""
    processor = PySaxonProcessor(license=False)
    stylesheets = _Stylesheets(processor)
    while True:
        try:
            stylesheet, document, parameters = connection.recv()
        except EOFError:
            return
        try:
            executable = stylesheets.get(Path(stylesheet), parameters)
        except Exception as exc:  # noqa: BLE001 - reported to the client as the reason
            connection.send((FAILED, f"compilation impossible : {saxon_reason(exc)}"))
            continue
        connection.send((COMPILED, ""))
        try:
            svrl = executable.transform_to_string(source_file=document) or ""
            connection.send((DONE, svrl))
        except Exception as exc:  # noqa: BLE001 - reported to the client as the reason
            connection.send((FAILED, saxon_reason(exc)))


if __name__ == "__main__":
    serve(Connection(int(sys.argv[1])))
