// The sign-in popup's only script: hands Microsoft's answer to the page that opened it, which closes the popup.
// Two entries run it (docs/msal.md): the loader imports it when the page is the popup coming back, and the
// demo's web/redirect.html loads it directly; built alone either way, so the popup never loads MSAL.
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

void broadcastResponseToMainFrame();
