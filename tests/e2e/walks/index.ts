// Every shared walk, in the order the WebKit run takes them.
import type { Walk } from './walk';
import { qrPhotoRoute } from './filing-qr';
import { qrCameraReadsCode, qrCameraStart } from './filing-qr-camera';
import { switchLanguage } from './language';
import { notFound } from './not-found';
import { serverErrorRecovers } from './server-error';
import { invalidNumber, wrongCodeThenRight } from './sign-in';
import { handleAndPay } from './violations';
import { wechatInAppPays } from './pay-wechat';
import { fileBySmsWithDocuments } from './filing-sms';
import { shellInstalled } from './offline-shell';
import { wechatMiniProgramPay } from './mini-program';

export const walks: Walk[] = [wrongCodeThenRight, invalidNumber, switchLanguage, notFound, serverErrorRecovers, fileBySmsWithDocuments, qrPhotoRoute, qrCameraStart, qrCameraReadsCode, handleAndPay, wechatInAppPays, wechatMiniProgramPay, shellInstalled];
export type { Walk };

