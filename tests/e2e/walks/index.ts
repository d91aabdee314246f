// Every shared walk, in the order the WebKit run takes them.
import type { Walk } from './walk';
import { qrPhotoRoute } from './filing-qr';
import { switchLanguage } from './language';
import { notFound } from './not-found';
import { serverErrorRecovers } from './server-error';
import { invalidNumber, wrongCodeThenRight } from './sign-in';

export const walks: Walk[] = [wrongCodeThenRight, invalidNumber, switchLanguage, notFound, serverErrorRecovers, qrPhotoRoute];
export type { Walk };

