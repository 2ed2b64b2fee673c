/** IDAH's JSON:API error body (`{errors: [{status, title, detail}]}`) as one short line; other bodies cut short. */
export function describeErrorBody(text: string): string {
  const limit = 300;
  try {
    const body = JSON.parse(text) as { errors?: Array<{ title?: unknown; detail?: unknown }> };
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      return body.errors
        .map((error) => [error.title, error.detail].filter((part) => typeof part === 'string' && part !== '').join(': '))
        .join('; ')
        .slice(0, limit);
    }
  } catch {
    // not JSON: the text itself says what went wrong
  }
  const trimmed = text.trim();
  return trimmed.length > limit ? `${trimmed.slice(0, limit)}...` : trimmed;
}
