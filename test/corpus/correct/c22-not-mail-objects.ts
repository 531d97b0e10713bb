import express from 'express';
import pino from 'pino';
import Redis from 'ioredis';

const logger = pino({
  transport: {
    target: 'pino-pretty',
    options: { colorize: true },
  },
});

export const redis = new Redis({ host: 'cache.internal', port: 6380, tls: {} });

const server = { host: '0.0.0.0', port: 465 };

export const mailOptions = {
  from: 'noreply@example.com',
  to: 'team@example.com',
  subject: 'Deploy finished',
  text: 'ok',
};

const app = express();
app.listen(server.port, server.host, () => logger.info('listening'));
