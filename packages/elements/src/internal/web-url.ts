/** Only absolute http(s) URLs are linked or opened: a `javascript:` URL from a bad answer would run on click. */
export function isWebUrl(url: string): boolean {
  return URL.canParse(url) && /^https?:$/.test(new URL(url).protocol);
}
