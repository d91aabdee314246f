// /pages/pay/pay?order=<id>: opened by the app's page in the web-view with
// wx.miniProgram.navigateTo({ url: '/pages/pay/pay?order=<id>' }).
//
// 1. wx.login gives a one-time code; the API turns it into the payer's openid (code2Session) and
//    answers the JSAPI parameters of a prepay order for this mini-program's appid and that openid.
// 2. wx.requestPayment with those parameters, exactly as received.
// 3. Back to the web-view, whatever the answer: the app asks the API for the order's state.
//
// API must be one of this mini-program's "request legal domains" (request 合法域名).
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
    wx.login({
      success: ({ code }) => {
        wx.request({
          url: `${API}/api/payments/${encodeURIComponent(this.orderId)}/mini-program`,
          method: 'POST',
          data: { channel: 'wechat', code },
          success: (res) => {
            if (res.statusCode !== 200) {
              this.failed('暂时无法发起支付，请稍后重试。');
              return;
            }
            const p = res.data; // { timeStamp, nonceStr, package, signType, paySign }, all strings
            wx.requestPayment({
              timeStamp: p.timeStamp,
              nonceStr: p.nonceStr,
              package: p.package,
              signType: p.signType,
              paySign: p.paySign,
              // ok, cancel or fail: not proof either way; the web-view asks the API.
              complete: () => wx.navigateBack(),
            });
          },
          fail: () => this.failed('网络不稳定，请检查网络后重试。'),
        });
      },
      fail: () => this.failed('微信登录失败，请重试。'),
    });
  },

  failed(message) {
    this.setData({ state: 'error', message });
  },

  back() {
    wx.navigateBack();
  },
});
