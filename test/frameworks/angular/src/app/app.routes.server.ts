import { RenderMode, ServerRoute } from '@angular/ssr';

export const serverRoutes: ServerRoute[] = [
  { path: 'token', renderMode: RenderMode.Client },
  { path: '**', renderMode: RenderMode.Server },
];
