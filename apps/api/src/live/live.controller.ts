import { Controller, Header, Headers, MessageEvent, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedAccount } from '@zhuqi/accounts';
import { InvalidInput } from '@zhuqi/platform';
import { CaseChange, CaseChangeFeed, changeInScope } from '@zhuqi/read-models';
import { Observable } from 'rxjs';
import { Roles } from '../auth/access.decorators';
import { caseScopeOf } from '../auth/case-access';
import { CurrentAccount } from '../auth/current-account.decorator';
import { CASE_READERS } from '../auth/roles';

/** A comment line now and then, so that proxies and browsers keep an idle stream open. */
const HEARTBEAT_MS = 20_000;

/**
 * Pushes case changes to a browser (the live overdue board, a handler's list) as server-sent events, each
 * reader only the cases within their reach. The browser refetches what a message touches; a message's id
 * is the event's position, so a read with `?position=<id>` is sure to show it.
 */
@ApiTags('live')
@ApiBearerAuth()
@Controller('live')
export class LiveController {
  constructor(private readonly feed: CaseChangeFeed) {}

  @Sse('cases')
  @Roles(...CASE_READERS)
  @Header('X-Accel-Buffering', 'no') // nginx: pass events on at once
  @ApiOperation({
    summary: 'Server-sent events of case changes within the reader’s reach',
    description:
      'First `event: ready` with `{"resumed": true|false}` (false: refetch what you show; its id is where the stream starts), then `event: case` with a CaseChange per event, `id` = its position. Reconnecting with `Last-Event-ID` replays what was missed while the server still holds it.',
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the id of the last message received (EventSource sends it when it reconnects)' })
  cases(@CurrentAccount() account: AuthenticatedAccount, @Headers('last-event-id') lastEventId?: string): Observable<MessageEvent> {
    if (lastEventId !== undefined && !/^\d{1,15}$/.test(lastEventId)) {
      throw new InvalidInput('Last-Event-ID', 'Last-Event-ID must be the id of an earlier message (a position, digits only)');
    }
    const scope = caseScopeOf(account);
    const message = (c: CaseChange): MessageEvent => ({ id: String(c.position), type: 'case', data: c });
    return new Observable<MessageEvent>((subscriber) => {
      // Live changes wait until the replay has gone out, so the browser gets them in order.
      let pending: CaseChange[] | undefined = [];
      let unsubscribe: (() => void) | undefined;
      let closed = false;
      const deliver = (changes: CaseChange[]) => {
        const mine = changes.filter((c) => changeInScope(scope, c));
        if (pending) pending.push(...mine);
        else for (const c of mine) subscriber.next(message(c));
      };
      this.feed.subscribe(deliver, lastEventId === undefined ? undefined : Number(lastEventId)).then(
        ({ resume, at, unsubscribe: stop }) => {
          if (closed) return stop();
          unsubscribe = stop;
          const replay = 'replay' in resume ? resume.replay.filter((c) => changeInScope(scope, c)) : [];
          subscriber.next({ type: 'ready', id: String(at), retry: 3_000, data: { resumed: lastEventId !== undefined && 'replay' in resume } });
          const seen = new Set(replay.map((c) => c.position));
          for (const c of [...replay, ...pending!.filter((c) => !seen.has(c.position))]) subscriber.next(message(c));
          pending = undefined;
        },
        (error: unknown) => subscriber.error(error),
      );
      const heartbeat = setInterval(() => subscriber.next({ comment: 'ping' }), HEARTBEAT_MS);
      return () => {
        closed = true;
        clearInterval(heartbeat);
        unsubscribe?.();
      };
    });
  }
}
