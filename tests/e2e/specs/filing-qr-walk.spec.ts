// The shared walk of the QR photo route (walks/filing-qr.ts), in Chromium; WebKit runs the same
// steps in webkit/walks.spec.ts.
import { test } from '../fixtures';
import { qrPhotoRoute } from '../walks/filing-qr';

test.describe.configure({ timeout: 90_000 });

test(qrPhotoRoute.title, { tag: '@layout' }, ({ ui, sandbox }) => qrPhotoRoute.run(ui, sandbox));
