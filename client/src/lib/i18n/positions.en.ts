/** English messages of members' live positions; merged into en.ts. */
import type { positionsZh } from './positions.zh';

export const positionsEn: Record<keyof typeof positionsZh, string> = {
  'loc.sharing': 'Sharing location',
  'loc.stopped': 'Location sharing off',
  'loc.title': 'Location sharing',
  'loc.explain':
    'While Suicha is open, your approximate position is reported about once a minute (sooner when you move far) to your group and the county command centre. It uses only the location permission you gave for “Mark checked”.',
  'loc.lastSent': 'Last reported: {time}',
  'loc.notYet': 'Getting your position…',
  'loc.waiting': 'Offline: the latest position is sent when the connection returns',
  'loc.stopToday': 'Stop for today',
  'loc.stoppedExplain': 'Your position is not reported for the rest of today; sharing resumes tomorrow.',
  'loc.resume': 'Resume sharing',
  'loc.close': 'Close',

  'cmd.pos.report': 'Reported',
  'cmd.pos.check': 'Last check',
  'cmd.pos.justNow': 'just now',
  'cmd.pos.minutes': '{n} min ago',
  'cmd.pos.stale': 'Position not updated for over 30 minutes',
  'cmd.pos.accuracy': 'accuracy about {n} m',
  'cmd.legend.report': 'Member (reported)',
  'cmd.legend.check': 'Member (last check)',
};
