// /pages/pay/pay?order=<id>: opened by the app's page in the web-view (after it loaded
// https://appx/web-view.min.js) with my.navigateTo({ url: '/pages/pay/pay?order=<id>' }).
//
// 1. my.getAuthCode (scope auth_base, silent) gives a one-time code; the API turns it into the
//    payer's buyer id and answers the trade number of an alipay.trade.create for this
//    mini-program's app id and that buyer.
// 2. my.tradePay({ tradeNO }).
// 3. Back to the web-view, whatever the resultCode (9000, 8000, 6001, ...): the app asks the API.
//
// API must be in this mini-program's server domain whitelist (服务器域名白名单).
const API = 'https://api.example.cn';

Page({
  data: { state: 'loading', message: '' },

  onLoad(query) {
    this.orderId = decodeURIComponent(query.order || '');
    this.pay();
  },

  pay() {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(this.orderId)) {
      this.setData({ state: 'error', message: '订单号无效，请返回后重新发起缴款。' });
      return;
    }
    this.setData({ state: 'loading', message: '' });
    my.getAuthCode({
      scopes: 'auth_base',
      success: ({ authCode }) => {
        my.request({
          url: `${API}/api/payments/${encodeURIComponent(this.orderId)}/mini-program`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          data: { channel: 'alipay', code: authCode },
          dataType: 'json',
          success: (res) => {
            if (res.status !== 200 || !res.data || !res.data.trade_no) {
              this.failed('暂时无法发起支付，请稍后重试。');
              return;
            }
            my.tradePay({
              tradeNO: res.data.trade_no,
              // resultCode is not proof either way; the web-view asks the API.
              complete: () => my.navigateBack(),
            });
          },
          fail: () => this.failed('网络不稳定，请检查网络后重试。'),
        });
      },
      fail: () => this.failed('支付宝授权失败，请重试。'),
    });
  },

  failed(message) {
    this.setData({ state: 'error', message });
  },

  back() {
    my.navigateBack();
  },
});
