// Loaded only inside the sign-in popup: hands Microsoft's answer to the page that opened it, then closes.
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

export const completeSignInPopup = (): Promise<void> => broadcastResponseToMainFrame();
