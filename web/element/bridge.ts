// The sign-in popup's only script (and that of MSAL's hidden iframe): hands Microsoft's answer to the page that
// asked, which closes the popup. Two entries run it (docs/msal.md): the loader imports it when the page's URL
// may be that answer, and the demo's web/redirect.html loads it directly; built alone either way, so the popup
// never loads MSAL.
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';
import { isPopupResponse } from './popup-response.ts';

/** Whether this page is MSAL's answer: if not (another app's OAuth response), the loader defines the element. */
export const bridged = isPopupResponse(location.href);

if (bridged) void broadcastResponseToMainFrame();
