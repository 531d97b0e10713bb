import type { Protocol } from '../../model';
import { imap } from './imap';
import { pop3 } from './pop3';
import { smtp } from './smtp';
import type { Dialect } from './types';

export function dialectFor(protocol: Protocol): Dialect {
  switch (protocol) {
    case 'smtp':
      return smtp;
    case 'imap':
      return imap;
    case 'pop3':
      return pop3;
  }
}
