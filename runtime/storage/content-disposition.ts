/**
 * `Content-Disposition: attachment` with the name twice (RFC 6266): a quoted ASCII fallback for
 * old clients, and `filename*` (RFC 5987, UTF-8 percent-encoded) that modern ones prefer.
 * Upstream sent the name unquoted, so a space or a `;` broke it.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
