import type { App } from '../../app';
import type { Platform } from '../../platform/http/platform';
import { registerExportRoutes } from './export.routes';
import { registerImportRoutes } from './imports/imports.routes';
import { registerPrivacyRoutes } from './privacy.routes';

/** Data in and out of the customer base: import, export, and one person's data (access, erasure). */
export function registerCustomerDataRoutes(app: App, platform: Platform): void {
  registerImportRoutes(app, platform);
  registerExportRoutes(app, platform);
  registerPrivacyRoutes(app, platform);
}
