import { z } from 'zod';
import type { App } from '../../app';
import { problemResponses } from '../../platform/http/openapi';
import type { Platform } from '../../platform/http/platform';
import { perform } from '../../platform/http/request-context';
import {
  apiKeyResponse,
  createApiKeyBody,
  createdApiKeyResponse,
  createdInvitationResponse,
  createInvitationBody,
  createTeamBody,
  idParams,
  invitationResponse,
  listOf,
  memberResponse,
  teamResponse,
  updateMemberBody,
  updateTeamBody,
  updateWorkspaceBody,
  workspaceResponse,
  workspaceStatsResponse,
} from './admin.schemas';
import * as apiKeys from './api-keys.service';
import * as invitations from './invitations.service';
import * as members from './members.service';
import * as stats from './stats.service';
import * as teams from './teams.service';

const errors = problemResponses(400, 401, 403, 404, 409);

/** Workspace administration: profile, members, invitations, teams, API keys. */
export function registerAdminRoutes(app: App, platform: Platform): void {
  const admin = { action: 'admin' as const };
  const read = { action: 'read' as const };

  app.get(
    '/workspace',
    {
      schema: {
        tags: ['workspace'],
        summary: 'The current workspace',
        response: { 200: workspaceResponse, ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => ({
        status: 200,
        body: await members.getWorkspace(ctx),
      })),
  );
  app.patch(
    '/workspace',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Change workspace settings',
        body: updateWorkspaceBody,
        response: { 200: workspaceResponse, ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => ({
        status: 200,
        body: await members.updateWorkspace(ctx, req.body),
      })),
  );

  app.get(
    '/workspace/stats',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Record totals per object type (updated asynchronously from events)',
        response: { 200: workspaceStatsResponse, ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => ({
        status: 200,
        body: await stats.getWorkspaceStats(ctx),
      })),
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Members of the workspace',
        response: { 200: listOf(memberResponse), ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => ({
        status: 200,
        body: { data: await members.listMembers(ctx) },
      })),
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['workspace'],
        summary: "Change a member's role, team or status",
        params: idParams,
        body: updateMemberBody,
        response: { 200: memberResponse, ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => ({
        status: 200,
        body: await members.updateMember(ctx, req.params.id, req.body),
      })),
  );

  app.get(
    '/invitations',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Open and accepted invitations',
        response: { 200: listOf(invitationResponse), ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => ({
        status: 200,
        body: { data: await invitations.listInvitations(ctx) },
      })),
  );
  app.post(
    '/invitations',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Invite someone by e-mail',
        body: createInvitationBody,
        response: { 201: createdInvitationResponse, ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => {
        const workspace = await members.getWorkspace(ctx);
        const baseUrl = platform.config.publicUrl ?? `${req.protocol}://${req.host}`;
        const body = await invitations.createInvitation(ctx, req.body, {
          mailer: platform.mailer,
          baseUrl,
          workspaceName: workspace.name,
        });
        return { status: 201, body };
      }),
  );
  app.delete(
    '/invitations/:id',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Withdraw an invitation',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => {
        await invitations.revokeInvitation(ctx, req.params.id);
        return { status: 204 };
      }),
  );

  app.get(
    '/teams',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Teams (a tree by parentId)',
        response: { 200: listOf(teamResponse), ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, read, async (ctx) => ({
        status: 200,
        body: { data: await teams.listTeams(ctx) },
      })),
  );
  app.post(
    '/teams',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Create a team',
        body: createTeamBody,
        response: { 201: teamResponse, ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => ({
        status: 201,
        body: await teams.createTeam(ctx, req.body),
      })),
  );
  app.patch(
    '/teams/:id',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Rename or move a team',
        params: idParams,
        body: updateTeamBody,
        response: { 200: teamResponse, ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => ({
        status: 200,
        body: await teams.updateTeam(ctx, req.params.id, req.body),
      })),
  );
  app.delete(
    '/teams/:id',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Delete a team without sub-teams',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => {
        await teams.deleteTeam(ctx, req.params.id);
        return { status: 204 };
      }),
  );

  app.get(
    '/api-keys',
    {
      schema: {
        tags: ['workspace'],
        summary: 'API keys',
        response: { 200: listOf(apiKeyResponse), ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => ({
        status: 200,
        body: { data: await apiKeys.listApiKeys(ctx) },
      })),
  );
  app.post(
    '/api-keys',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Create an API key (shown once)',
        body: createApiKeyBody,
        response: { 201: createdApiKeyResponse, ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => ({
        status: 201,
        body: await apiKeys.createApiKey(ctx, req.body.name),
      })),
  );
  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Revoke an API key',
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    (req, reply) =>
      perform(platform, req, reply, admin, async (ctx) => {
        await apiKeys.revokeApiKey(ctx, req.params.id);
        return { status: 204 };
      }),
  );
}
