/** A workspace created through the public API, with an API key for the load. */
export interface BenchWorkspace {
  tenantId: string;
  userId: string;
  apiKey: string;
}

async function expectStatus(res: Response, status: number, what: string): Promise<any> {
  const body = await res.json().catch(() => undefined);
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Signs up (workspace + admin) and creates an API key, exactly as a new customer would. */
export async function createWorkspace(baseUrl: string, label: string): Promise<BenchWorkspace> {
  const signup = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      workspaceName: `Bench ${label}`,
      name: '基准 Bench',
      email: `bench-${label}-${Date.now()}@example.com`,
      password: 'bench-password-123',
    }),
  });
  const session = await expectStatus(signup, 201, 'signup');
  const cookie = /gx_session=[^;]+/.exec(signup.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('signup answered without a gx_session cookie');
  const keyRes = await fetch(`${baseUrl}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken },
    body: JSON.stringify({ name: 'bench' }),
  });
  const created = await expectStatus(keyRes, 201, 'create API key');
  return { tenantId: session.workspace.id, userId: session.user.id, apiKey: created.key };
}
