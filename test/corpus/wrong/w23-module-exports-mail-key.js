module.exports = {
  app: {
    port: process.env.PORT || 3000,
  },
  mail: {
    host: 'smtp.yandex.ru',
    port: 465,
    secure: false,
    auth: {
      user: process.env.YANDEX_USER,
      pass: process.env.YANDEX_PASS,
    },
  },
  db: {
    uri: process.env.MONGO_URI,
  },
};
