// Redirect page of the sign-in popup: hands MSAL's answer to the page that opened it, then closes.
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

void broadcastResponseToMainFrame();
