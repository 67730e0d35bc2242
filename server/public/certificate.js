// The certificate page's print button: shown only where this script runs (the page's CSP allows
// no inline script), and hidden again in print by certificate.css.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
