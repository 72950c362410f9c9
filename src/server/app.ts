import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { registerAdminRoutes } from './modules/admin/admin.routes';
import { registerCompanyRoutes } from './modules/customers/companies.routes';
import { registerContactRoutes } from './modules/customers/contacts.routes';
import { registerCustomFieldRoutes } from './modules/customers/custom-fields.routes';
import { registerCustomerDataRoutes } from './modules/customers/customer-data.routes';
import { registerCustomerSearchRoutes } from './modules/customers/customer-search.routes';
import { registerMetadataRoutes } from './modules/customers/metadata.routes';
import { registerViewRoutes } from './modules/customers/views.routes';
import { registerAuthRoutes } from './platform/auth/auth.routes';
import { newId } from './platform/db/ids';
import { registerHealthRoutes } from './platform/http/health.routes';
import type { Platform } from './platform/http/platform';
import { installProblemHandler } from './platform/http/problem';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Builds the HTTP app from the platform services and the business modules. No listening here. */
export async function buildApp(platform: Platform): Promise<App> {
  const { config } = platform;
  const app = Fastify({
    loggerInstance: platform.log,
    bodyLimit: config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : newId();
    },
    trustProxy: true,
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: any other body type is a clear 415, not a confusing validation error.
  app.removeContentTypeParser('text/plain');
  installProblemHandler(app, { spaFallback: await serveWebApp(app, config.webDir) });
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.cookieSecure === 'true',
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Guanxi CRM API',
        version: '1',
        description:
          'REST API of Guanxi. Authenticate with `Authorization: Bearer <api key>` (Settings → API keys) ' +
          'or the web session cookie plus the `x-csrf-token` header on writes. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'gx_… API key' },
          session: { type: 'apiKey', in: 'cookie', name: 'gx_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, platform);
  await app.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<ZodTypeProvider>() as unknown as App;
      registerAuthRoutes(api, platform);
      registerAdminRoutes(api, platform);
      registerContactRoutes(api, platform);
      registerCompanyRoutes(api, platform);
      registerViewRoutes(api, platform);
      registerMetadataRoutes(api, platform);
      registerCustomFieldRoutes(api, platform);
      registerCustomerSearchRoutes(api, platform);
      registerCustomerDataRoutes(api, platform);
    },
    { prefix: '/api/v1' },
  );

  return app;
}

/** Serves the built SPA from `webDir` when it has been built; returns whether it is served. */
async function serveWebApp(app: App, webDir: string): Promise<boolean> {
  const root = path.resolve(webDir);
  if (!existsSync(path.join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  return true;
}
