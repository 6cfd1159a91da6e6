import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';

bootstrapApplication(App, appConfig)
  // Defines <greenapi-qr> once the page is hydrated: the handlers Angular bound then hear every status from the first.
  .then((app) => app.whenStable())
  .then(() => import('greenapi-qr'))
  .catch((error: unknown) => console.error(error));
