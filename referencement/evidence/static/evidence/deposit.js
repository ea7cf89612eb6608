// The deposit forms of the evidence grid (issue 11 item 2): a progress bar with the
// percentage and the time left, the button disabled during the upload, a cancel button,
// and large files sent in resumable chunks with the tus 1.0 protocol, so that a dropped
// connection resumes where it stopped (the threshold and the chunk size are the operator's
// settings, given by the form's data-resumable-from and data-chunk-size). Without this
// script the forms post as plain multipart forms. htmx sends the forms and swaps the row's
// partial.
//
// tus-js-client is served from ./vendor/tus-js-client-<version>/. To refresh it:
//   npm pack tus-js-client@<version> && tar xzf tus-js-client-<version>.tgz
//   copy package/dist/tus.min.js (less its last `//# sourceMappingURL` line) and
//   package/LICENSE into vendor/tus-js-client-<version>/, then update the script tag of
//   templates/evidence/page.html and vendor/…/README.md.

const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];

function duration(seconds) {
  const total = Math.max(1, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  const rest = total % 60;
  if (minutes === 0) return `${rest} s`;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

function refusal(error) {
  const response = error && error.originalResponse;
  if (response) {
    try {
      const detail = JSON.parse(response.getBody()).detail;
      if (detail) return detail;
    } catch (_) {
      // Not a JSON answer: the generic message below.
    }
  }
  return "la connexion au serveur a été perdue ; réessayez.";
}

function setUp(form) {
  const box = form.querySelector(".evidence-upload");
  const bar = form.querySelector(".evidence-upload__bar");
  const status = form.querySelector(".evidence-upload__status");
  const cancel = form.querySelector(".evidence-upload__cancel");
  const submit = form.querySelector("button[type='submit']");
  const fileInput = form.querySelector("input[type='file']");
  const uploadField = form.querySelector("input[name='televersement']");
  const csrf = form.querySelector("input[name='csrfmiddlewaretoken']").value;
  let started = 0;
  let abort = null;

  function show(loaded, total) {
    const percent = total ? Math.floor((100 * loaded) / total) : 0;
    bar.value = percent;
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? loaded / elapsed : 0;
    let text = `${percent} % envoyé`;
    if (rate > 0 && loaded < total) text += ` — temps restant : environ ${duration((total - loaded) / rate)}`;
    status.textContent = text;
  }

  function begin(stop) {
    abort = stop;
    started = performance.now();
    box.hidden = false;
    cancel.hidden = false;
    submit.disabled = true;
    show(0, 1);
  }

  function end(message) {
    abort = null;
    cancel.hidden = true;
    submit.disabled = false;
    if (message) status.textContent = message;
  }

  cancel.addEventListener("click", () => {
    if (abort) abort();
    end("Envoi annulé : rien n'a été déposé.");
  });

  // Large files: sent with tus first, then the form is posted naming the received upload.
  form.addEventListener("htmx:confirm", (event) => {
    const file = fileInput.files[0];
    if (!file || file.size < Number(form.dataset.resumableFrom)) return;
    event.preventDefault();
    const upload = new window.tus.Upload(file, {
      endpoint: form.dataset.uploadUrl,
      chunkSize: Number(form.dataset.chunkSize),
      retryDelays: RETRY_DELAYS,
      removeFingerprintOnSuccess: true,
      headers: { "X-CSRFToken": csrf },
      metadata: { filename: file.name },
      onProgress: show,
      onError: (error) => end(`L'envoi a échoué : ${refusal(error)}`),
      onSuccess: () => {
        uploadField.value = upload.url.replace(/\/$/, "").split("/").pop();
        fileInput.value = "";
        abort = null;
        cancel.hidden = true;
        status.textContent = "Fichier reçu en entier : enregistrement du dépôt…";
        event.detail.issueRequest(true);
      },
    });
    begin(() => upload.abort(true));
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  });

  // Smaller files go with the form itself; htmx reports the progress of the request.
  form.addEventListener("htmx:beforeRequest", () => {
    if (fileInput.files.length) begin(() => window.htmx.trigger(form, "htmx:abort"));
  });
  form.addEventListener("htmx:xhr:progress", (event) => {
    if (abort && event.detail.lengthComputable) show(event.detail.loaded, event.detail.total);
  });
  form.addEventListener("htmx:afterRequest", (event) => {
    if (!event.detail.successful && abort) end("L'envoi a échoué : réessayez.");
  });
}

// htmx announces the page once loaded, then each row it swaps in.
document.body.addEventListener("htmx:load", (event) => {
  event.detail.elt.querySelectorAll("form.evidence-deposit").forEach(setUp);
});
