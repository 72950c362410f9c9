import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { PageLoader } from './PageLoader';

/** The outermost route: lazy pages (sign-in, sign-up, …) load behind a spinner. */
export function RootLayout() {
  return (
    <Suspense fallback={<PageLoader fullScreen />}>
      <Outlet />
    </Suspense>
  );
}
