import { once } from 'node:events';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, uniqueEmail } from '../support/factories';
import { startTestServer, type TestServer } from '../support/platform';
import { waitFor } from '../support/wait';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

const received: Received[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      callback();
    });
  },
});

let server: TestServer;
beforeAll(async () => {
  smtp.listen(0, '127.0.0.1');
  await once(smtp.server, 'listening');
  const port = (smtp.server.address() as { port: number }).port;
  server = await startTestServer({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Guanxi <crm@example.com>',
      PUBLIC_URL: 'https://crm.example.com',
    },
  });
});
afterAll(async () => {
  await server.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('invitation mail over SMTP', () => {
  it('delivers the invitation with a working link to a real SMTP server', async () => {
    const admin = await signUp(server.app, { workspaceName: '星辰贸易' });
    const email = uniqueEmail('invitee');
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: admin.headers,
      payload: { email, role: 'member' },
    });
    expect(res.statusCode).toBe(201);
    const mail = await waitFor(async () => received.find((m) => m.to.includes(email)), 'the invitation mail');
    expect(mail.from).toBe('crm@example.com');
    const link = res.json().inviteUrl as string;
    expect(link.startsWith('https://crm.example.com/invite/inv_')).toBe(true);
    // quoted-printable may wrap long lines; compare without soft line breaks
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(link);
    const token = link.split('/invite/')[1];
    const accepted = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/accept-invitation',
      payload: { token, name: '新同事', password: 'a good password' },
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().workspace.name).toBe('星辰贸易');
  });
});
