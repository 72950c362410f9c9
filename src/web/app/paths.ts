/** The sign-in URL that returns to `next` afterwards. */
export function signInPath(next?: string): string {
  return next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in';
}

/** A safe in-app destination from a `next` parameter (never another origin). */
export function safeNext(next: string | null | undefined, fallback = '/contacts'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next.startsWith('/sign-in') || next.startsWith('/sign-up')) return fallback;
  return next;
}
