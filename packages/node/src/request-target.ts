const SLASH = 47;

/** Where `://` of an absolute-form target is, or -1 (origin form, or a `://` in the query). */
function schemeEnd(url: string): number {
  if (url.charCodeAt(0) === SLASH) return -1;
  const at = url.indexOf('://');
  const query = url.indexOf('?');
  return query !== -1 && query < at ? -1 : at;
}

/**
 * The path a framework routes on, for a request target in any form Node accepts: an
 * absolute-form target (`http://host/admin?x`, which proxies send) gives its origin form
 * (`/admin?x`), the path Express, Koa and Fastify route on; other targets are returned as
 * they are.
 *
 * @example
 * originForm('http://127.0.0.1/admin?x=1'); // '/admin?x=1'
 */
export function originForm(url: string): string {
  const at = schemeEnd(url);
  if (at === -1) return url;
  let end = at + 3;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === SLASH || c === 63 /* ? */ || c === 35 /* # */) break;
    end++;
  }
  const rest = url.slice(end);
  return rest.charCodeAt(0) === SLASH ? rest : `/${rest}`;
}

/**
 * The scheme and authority in front of an absolute-form target's path (`http://host`), as
 * Express keeps them in `req.url` while it routes under a mount path; '' for other forms.
 */
export function authorityOf(url: string): string {
  const at = schemeEnd(url);
  if (at === -1) return '';
  const slash = url.indexOf('/', at + 3);
  return slash === -1 ? '' : url.slice(0, slash);
}
