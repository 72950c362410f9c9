/** Every table of Guanxi, for drizzle-kit and typed queries. Modules add theirs here. */

export * from '../../modules/customers/customers.schema';
export * from '../access/schema';
export * from '../audit/schema';
export * from '../auth/schema';
export * from '../events/schema';
export * from '../http/schema';
