import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app';
import { problemResponses } from '../http/openapi';
import type { Platform } from '../http/platform';
import { perform } from '../http/request-context';
import {
  acceptInvitationBody,
  createWorkspaceBody,
  loginBody,
  sessionResponse,
  signupBody,
  switchWorkspaceBody,
  updateMeBody,
} from './auth.schemas';
import * as auth from './auth.service';
import { SESSION_COOKIE } from './authenticate';

const tags = ['auth'];

export function registerAuthRoutes(app: App, platform: Platform): void {
  const { db, config } = platform;

  const setSessionCookie = (req: FastifyRequest, reply: FastifyReply, token: string) => {
    const secure = config.cookieSecure === 'auto' ? req.protocol === 'https' : config.cookieSecure === 'true';
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: config.sessionTtlHours * 3600,
    });
  };

  app.post(
    '/auth/signup',
    {
      schema: {
        tags,
        summary: 'Create a workspace and its first admin, and sign in',
        security: [],
        body: signupBody,
        response: { 201: sessionResponse, ...problemResponses(400, 409) },
      },
    },
    async (req, reply) => {
      const issued = await auth.signup(db, config, req.body, { requestId: String(req.id), ip: req.ip });
      setSessionCookie(req, reply, issued.token);
      return reply.status(201).send(issued.session);
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with e-mail and password',
        security: [],
        body: loginBody,
        response: { 200: sessionResponse, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const issued = await auth.login(db, config, req.body);
      setSessionCookie(req, reply, issued.token);
      return issued.session;
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags, summary: 'Sign out (ends the session)', response: { 204: z.null() } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await auth.logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        tags,
        summary: 'The signed-in user, workspace, role and CSRF token',
        response: { 200: sessionResponse, ...problemResponses(401) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read' }, async (ctx) => ({
        status: 200,
        body: await auth.currentSession(ctx),
      })),
  );

  app.post(
    '/auth/switch-workspace',
    {
      schema: {
        tags,
        summary: 'Move the session to another workspace of the user',
        body: switchWorkspaceBody,
        response: { 200: sessionResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read' }, async (ctx) => ({
        status: 200,
        body: await auth.switchWorkspace(ctx, req.body.workspaceId),
      })),
  );

  app.patch(
    '/auth/me',
    {
      schema: {
        tags,
        summary: 'Update your name or language',
        body: updateMeBody,
        response: { 200: sessionResponse, ...problemResponses(400, 401, 403) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read' }, async (ctx) => ({
        status: 200,
        body: await auth.updateMe(ctx, req.body),
      })),
  );

  app.post(
    '/workspaces',
    {
      schema: {
        tags,
        summary: 'Create another workspace and switch to it',
        body: createWorkspaceBody,
        response: { 201: sessionResponse, ...problemResponses(400, 401, 403) },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, { action: 'read' }, async (ctx) => ({
        status: 201,
        body: await auth.createWorkspace(ctx, req.body.name),
      })),
  );

  app.post(
    '/auth/accept-invitation',
    {
      schema: {
        tags,
        summary: 'Join a workspace through an invitation link',
        security: [],
        body: acceptInvitationBody,
        response: { 200: sessionResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      const issued = await auth.acceptInvitation(db, config, req.body);
      setSessionCookie(req, reply, issued.token);
      return issued.session;
    },
  );
}
