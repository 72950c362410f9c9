import { type ComponentType, lazy } from 'react';

/** A lazily loaded page that can start loading its chunk before it renders. */
export type LazyPage = ReturnType<typeof lazy<ComponentType>> & { preload: () => void };

/**
 * `React.lazy` for a module's named export, so each route becomes its own chunk. `preload()` starts
 * the download early (the router does so for the page the app opens on, beside the session check);
 * a failed load is retried on the next attempt.
 */
export function lazyNamed<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): LazyPage {
  let loading: Promise<M> | undefined;
  const once = () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const page = lazy(async () => ({ default: (await once())[name] as ComponentType }));
  return Object.assign(page, {
    preload: () => {
      // A failure here is reported when the page itself renders.
      once().catch(() => undefined);
    },
  });
}
