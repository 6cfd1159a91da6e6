import { Routes } from '@angular/router';
import { LinkPage } from './link-page';

export const routes: Routes = [
  { path: '', component: LinkPage },
  // The token-in-page test shell: it reads its instance from the address bar, so only the browser renders it.
  { path: 'token', loadComponent: () => import('./token-shell').then((module) => module.TokenShell) },
];
