/** A small real-looking county for the end-to-end import: what an office would type into the template. */
import type { Registry } from '../../shared/registry';
import type { GroupMember } from '../../shared/registryTable/sheets';

export function smallCounty(): { registry: Registry; members: GroupMember[] } {
  const households: Registry['households'] = [];
  const villages = [
    { id: 'V01', townshipId: 'T01', name: '东山村', poorVillage: true, location: { lng: 118.21, lat: 30.12 } },
    { id: 'V02', townshipId: 'T01', name: '西河村', poorVillage: false, location: { lng: 118.26, lat: 30.15 } },
    { id: 'V03', townshipId: 'T02', name: '南岭村', poorVillage: true, location: { lng: 118.41, lat: 30.22 } },
    { id: 'V04', townshipId: 'T02', name: '北坡社区', poorVillage: false, location: { lng: 118.45, lat: 30.26 } },
  ];
  let n = 0;
  for (const v of villages) {
    for (let i = 0; i < 30; i++) {
      n++;
      const registered = i % 3 === 0;
      households.push({
        id: `H${String(n).padStart(4, '0')}`,
        villageId: v.id,
        head: `${'赵钱孙李周吴郑王'[i % 8]}${'建国秀英志强丽华'[(i + n) % 8]}`,
        status: registered ? 'exited' : i % 7 === 1 ? 'edge' : 'ordinary',
        ...(registered ? { exitYear: 2016 + (i % 4), povertyCause: '因病' } : {}),
        edgeKinds: !registered && i % 7 === 1 ? ['dibao'] : [],
        members: 1 + (i % 5),
        measures: registered ? ['健康脱贫'] : [],
        location: { lng: v.location.lng + (i % 6) * 0.001, lat: v.location.lat + (i % 5) * 0.001 },
      });
    }
  }
  const registered = households.filter((h) => h.status === 'exited');
  const contacts: Registry['contacts'] = [];
  for (let i = 0; i < registered.length; i += 2) {
    const id = `C${String(contacts.length + 1).padStart(3, '0')}`;
    const pair = registered.slice(i, i + 2);
    for (const h of pair) h.pairingContactId = id;
    contacts.push({ id, name: `帮扶干部${contacts.length + 1}`, workUnit: i % 4 === 0 ? '县教育局' : '县卫健委', phone: '13900000000', householdIds: pair.map((h) => h.id) });
  }
  const registry: Registry = {
    county: { id: '340000', name: '新安县', bbox: [118.0, 30.0, 118.6, 30.4], timeZone: 'Asia/Shanghai' },
    townships: [
      { id: 'T01', name: '东山镇', kind: 'township' },
      { id: 'T02', name: '南岭乡', kind: 'township' },
    ],
    villages,
    households,
    contacts,
    units: [
      { id: 'U01', name: '东山镇人民政府' },
      { id: 'U02', name: '县住建局' },
    ],
    groups: [
      { id: 'g1', name: '东山督查组', townshipIds: ['T01'] },
      { id: 'g2', name: '南岭督查组', townshipIds: ['T02'] },
    ],
    issues: [
      { id: 'I01', villageId: 'V01', householdId: 'H0001', source: '2019年县交叉考核反馈', description: '危房改造补助未发放到位', responsibleUnitId: 'U02', state: 'rectified' },
      { id: 'I02', villageId: 'V03', source: '2019年县交叉考核反馈', description: '村级档案资料不完善', responsibleUnitId: 'U01', state: 'open' },
    ],
  };
  const members: GroupMember[] = [
    { username: 'leader1', name: '王建国', groupId: 'g1', role: 'leader' },
    { username: 'inspector1a', name: '周晓燕', groupId: 'g1', role: 'inspector' },
    { username: 'wangxiao', name: '王晓', groupId: 'g2', role: 'leader' },
  ];
  return { registry, members };
}
