/**
 * What each broken rule says, in the county office's words (zh) and in English. The import
 * report and the edit forms render the same code with the same text; the column or field the
 * problem concerns is shown beside the message, so messages do not repeat it.
 */
import type { Params, RuleCode } from './registryRules';

type Render = (p: Params) => string;

const ZH: Record<RuleCode, Render> = {
  required: () => '必填，不能为空',
  bad_id: (p) => `编号“${p.value}”不合规：只能用字母、数字、点、下划线和连字符，最长 64 位`,
  duplicate_id: (p) => `编号“${p.value}”重复${p.firstRow ? `(第 ${p.firstRow} 行已使用)` : ''}`,
  unknown_ref: (p) => `“${p.value}”不存在${p.sheet ? `(请检查“${p.sheet}”表)` : ''}`,
  not_a_number: (p) => `“${p.value ?? ''}”不是数字`,
  not_an_integer: (p) => `“${p.value ?? ''}”不是整数`,
  out_of_range: (p) => `应在 ${p.min} 到 ${p.max} 之间`,
  too_long: (p) => `太长，最多 ${p.max} 个字`,
  unknown_value: (p) => `无法识别“${p.value}”${p.allowed ? `,可填:${p.allowed}` : ''}`,
  coordinates_pair: () => '经度和纬度须同时填写或同时留空',
  outside_county: (p) =>
    `坐标（${p.lng}, ${p.lat}）不在本县范围内（经度 ${p.w}–${p.e}，纬度 ${p.s}–${p.n}）` + (p.swapped ? '，可能把经度和纬度填反了' : ''),
  contact_over_limit: (p) => `帮扶责任人“${p.value}”结对 ${p.count} 户，超过每人不超过 ${p.max} 户的规定`,
  exit_year_required: () => '已脱贫户须填写脱贫年度',
  exit_year_not_exited: () => '只有已脱贫户填写脱贫年度',
  edge_kinds_required: () => '边缘户须至少填写一种边缘户类型',
  edge_kinds_not_edge: () => '只有边缘户填写边缘户类型',
  household_not_in_village: (p) => `农户“${p.value}”不在村“${p.village}”`,
  township_in_two_groups: (p) => `乡镇“${p.value}”已由督查组“${p.other}”负责，一个乡镇只能属于一个督查组`,
  county_rows: (p) => `“县”表须有且只有一行，现有 ${p.count} 行`,
  bad_bbox: () => '县域范围不合规：须西 < 东、南 < 北，且为有效经纬度',
  duplicate_value: () => '有重复的取值',
  account_role: (p) => `用户“${p.value}”是${p.role}账户，不能作为督查组成员`,
  missing_column: (p) => `缺少“${p.value}”列`,
  unknown_table: (p) => `无法识别“${p.value}”是哪一张表：请使用模板的表名和列名`,
  duplicate_table: (p) => `“${p.value}”表出现了不止一次`,
  missing_table: (p) => `缺少“${p.value}”表：系统中还没有这部分数据，首次导入须包含它`,
  bad_file: (p) => `无法读取文件：${p.reason}`,
  bad_encoding: () => '文件编码无法识别（不是 UTF-8 也不是 GBK）。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新上传',
  too_many_rows: (p) => `行数超过上限 ${p.max}`,
};

const EN: Record<RuleCode, Render> = {
  required: () => 'required',
  bad_id: (p) => `id "${p.value}" is not valid: letters, digits, dot, underscore and hyphen only, at most 64`,
  duplicate_id: (p) => `id "${p.value}" is used twice${p.firstRow ? ` (already on row ${p.firstRow})` : ''}`,
  unknown_ref: (p) => `"${p.value}" does not exist${p.sheet ? ` (check the "${p.sheet}" sheet)` : ''}`,
  not_a_number: (p) => `"${p.value ?? ''}" is not a number`,
  not_an_integer: (p) => `"${p.value ?? ''}" is not a whole number`,
  out_of_range: (p) => `must be between ${p.min} and ${p.max}`,
  too_long: (p) => `too long, at most ${p.max} characters`,
  unknown_value: (p) => `"${p.value}" is not a known value${p.allowed ? `; use one of: ${p.allowed}` : ''}`,
  coordinates_pair: () => 'give both longitude and latitude, or neither',
  outside_county: (p) => `(${p.lng}, ${p.lat}) is outside the county (longitude ${p.w}–${p.e}, latitude ${p.s}–${p.n})` + (p.swapped ? '; longitude and latitude look swapped' : ''),
  contact_over_limit: (p) => `pairing contact "${p.value}" has ${p.count} households; at most ${p.max} are allowed`,
  exit_year_required: () => 'an exited household needs the year it left poverty',
  exit_year_not_exited: () => 'only exited households have an exit year',
  edge_kinds_required: () => 'an edge household needs at least one edge kind',
  edge_kinds_not_edge: () => 'only edge households have edge kinds',
  household_not_in_village: (p) => `household "${p.value}" is not in village "${p.village}"`,
  township_in_two_groups: (p) => `township "${p.value}" already belongs to group "${p.other}"; a township belongs to one group`,
  county_rows: (p) => `the county sheet needs exactly one row; it has ${p.count}`,
  bad_bbox: () => 'county box is not valid: west < east, south < north, real coordinates',
  duplicate_value: () => 'a value is repeated',
  account_role: (p) => `user "${p.value}" is a ${p.role} account and cannot be a group member`,
  missing_column: (p) => `column "${p.value}" is missing`,
  unknown_table: (p) => `cannot tell which table "${p.value}" is: use the template's sheet and column names`,
  duplicate_table: (p) => `the "${p.value}" table appears more than once`,
  missing_table: (p) => `the "${p.value}" table is missing; there is no such data yet, so the first import must include it`,
  bad_file: (p) => `cannot read the file: ${p.reason}`,
  bad_encoding: () => 'unknown text encoding (neither UTF-8 nor GBK). In Excel, "Save as → CSV UTF-8 (comma delimited)" and upload again',
  too_many_rows: (p) => `more rows than the limit of ${p.max}`,
};

export function ruleMessage(code: RuleCode, params: Params = {}, lang: 'zh' | 'en' = 'zh'): string {
  return (lang === 'zh' ? ZH : EN)[code](params);
}
