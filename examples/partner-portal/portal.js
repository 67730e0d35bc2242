// Stands in for the portal's own code: a partner picker that points the widgets at a token
// for the chosen demo partner. A real portal's backend mints the token with its service key.
const picker = document.getElementById('partner-picker');
const progress = document.getElementById('progress');

const res = await fetch('/demo/partners');
if (res.ok) {
  const { partners } = await res.json();
  picker.replaceChildren(...partners.map((p) => new Option(p.name, p.id)));
  picker.value = new URLSearchParams(location.search).get('partner') ?? 'northwind';
  progress.tokenUrl = `/demo/widget-token?partnerId=${encodeURIComponent(picker.value)}`;
}

picker.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('partner', picker.value);
  history.replaceState(null, '', url);
  progress.tokenUrl = `/demo/widget-token?partnerId=${encodeURIComponent(picker.value)}`;
});
