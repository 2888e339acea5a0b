/** zh-CN messages of members' live positions (issue 6): the field app's indicator and the command centre; merged into zh.ts. */
export const positionsZh = {
  'loc.sharing': '位置共享中',
  'loc.stopped': '位置共享已停止',
  'loc.title': '位置共享',
  'loc.explain': '打开随查时，您的大致位置约每分钟上报一次（移动较远时更快），本组和县指挥部可以看到。只使用您在“标记为已查”时已授权的定位。',
  'loc.lastSent': '上次上报：{time}',
  'loc.notYet': '正在获取位置…',
  'loc.waiting': '当前离线，联网后发送最新位置',
  'loc.stopToday': '今天停止共享',
  'loc.stoppedExplain': '今天不再上报您的位置，明天自动恢复。',
  'loc.resume': '恢复共享',
  'loc.close': '关闭',

  'cmd.pos.report': '上报位置',
  'cmd.pos.check': '检查地点',
  'cmd.pos.justNow': '刚刚',
  'cmd.pos.minutes': '{n} 分钟前',
  'cmd.pos.stale': '位置已超过 30 分钟未更新',
  'cmd.pos.accuracy': '精度约 {n} 米',
  'cmd.legend.report': '组员上报位置',
  'cmd.legend.check': '组员检查地点',
} as const;
