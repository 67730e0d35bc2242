// Configures the gallery from its query string (no inline script: the server's CSP forbids it).
const query = new URLSearchParams(location.search);
const partner = query.get('partner') ?? 'contoso';
const theme = query.get('theme');
const only = query.get('only');
const main = document.getElementById('gallery');

if (query.get('width') === '320') main.classList.add('narrow');
if (theme === 'dark') document.body.classList.add('dark');
for (const el of main.children) {
  if (only && el.id !== only) el.hidden = true;
  if (theme) el.setAttribute('theme', theme);
  if (query.get('locale')) el.setAttribute('locale', query.get('locale'));
  el.setAttribute('token-url', `/demo/widget-token?partnerId=${encodeURIComponent(partner)}`);
}
