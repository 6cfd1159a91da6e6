// The API token is a secret: text that came from outside (an error page, a path) may echo it.

/** The ways a token can appear in text: as given, and percent-encoded as in a URL. */
function secretForms(secret: string): string[] {
  return secret ? [...new Set([secret, encodeURIComponent(secret)])] : [];
}

/** Whether text that came from outside holds the token in any form. */
export function containsSecret(text: string, secret: string): boolean {
  return secretForms(secret).some((form) => text.includes(form));
}

/** Text with every form of the token replaced by `***`: GREEN-API's error pages can echo the request path, which holds it. */
export function withoutSecret(text: string, secret: string): string {
  let clean = text;
  for (const form of secretForms(secret)) clean = clean.split(form).join('***');
  return clean;
}
