-- 010_catalog_demo.sql: demo catalogue and demo staff for Dongying (东营市), loaded once by
-- scripts/run into database `yiwang` after the migrations (privileged user). Demo data only:
-- the staff passwords are all `demo-2026` (see sql/demo/README.md); never load this into a
-- production database. It does not create `admin` (the admin app does, from
-- YIWANG_ADMIN_PASSWORD). Department ids are explicit so that staff and parallel-department rows
-- can refer to them. All in one transaction: a failed load leaves nothing behind.
-- JSON documents (materials, form, windows) follow the shapes in API.md section 2.

SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci;
START TRANSACTION;

-- Departments: city departments (370500) and two district approval bureaus.
INSERT INTO departments (id, name, region_code, created_at) VALUES
  (1, '东营市行政审批服务局', '370500', '2026-01-05 09:00:00'),
  (2, '东营市市场监督管理局', '370500', '2026-01-05 09:00:00'),
  (3, '东营市公安局', '370500', '2026-01-05 09:00:00'),
  (4, '东营市人力资源和社会保障局', '370500', '2026-01-05 09:00:00'),
  (5, '东营市住房和城乡建设局', '370500', '2026-01-05 09:00:00'),
  (6, '东营市卫生健康委员会', '370500', '2026-01-05 09:00:00'),
  (7, '东营市民政局', '370500', '2026-01-05 09:00:00'),
  (8, '东营市自然资源和规划局', '370500', '2026-01-05 09:00:00'),
  (9, '东营市生态环境局', '370500', '2026-01-05 09:00:00'),
  (10, '东营市医疗保障局', '370500', '2026-01-05 09:00:00'),
  (11, '东营市住房公积金管理中心', '370500', '2026-01-05 09:00:00'),
  (12, '东营市应急管理局', '370500', '2026-01-05 09:00:00'),
  (13, '东营市消防救援支队', '370500', '2026-01-05 09:00:00'),
  (14, '东营区行政审批服务局', '370502', '2026-01-05 09:00:00'),
  (15, '垦利区行政审批服务局', '370505', '2026-01-05 09:00:00');

-- Service items (事项). depth: 1 = publication only, 2 = online pre-review then one visit,
-- 3 = fully online. legal_days / promised_days are working days.

-- 东营市行政审批服务局 (dept 1)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-XZSP-XK-001', '建筑工程施工许可证核发', '行政许可', 1, '370500', 2, 7, 3, 1,
  '不收费',
  '《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）',
  '已办理建筑工程用地批准手续并取得建设工程规划许可证，施工场地已基本具备施工条件，已确定施工企业，有满足施工需要的资金安排、施工图纸及技术资料，有保证工程质量和安全的具体措施。本事项实行并联审批，住房城乡建设、自然资源和规划、生态环境、消防救援部门同步出具意见。',
  '[
    {"id": "m1", "name": "建筑工程施工许可证申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "建设工程规划许可证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "已取得电子证照的可上传电子证照"},
    {"id": "m3", "name": "施工合同及中标通知书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "施工图设计文件审查合格书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""},
    {"id": "m5", "name": "建设资金已经落实承诺书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "project_name", "label": "工程名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "contract_amount", "label": "合同价格（万元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "building_area", "label": "建筑面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "planned_start_date", "label": "计划开工日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心工程建设项目审批专区", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781326", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-XZSP-XK-002', '公共场所卫生许可', '行政许可', 1, '370500', 3, 20, 3, 0,
  '不收费',
  '《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条、第二十三条',
  '经营场所的选址、设计、布局和卫生设施符合卫生标准和规范要求，从业人员持有有效健康合格证明，建立了卫生管理制度并配备专（兼）职卫生管理人员。',
  '[
    {"id": "m1", "name": "公共场所卫生许可申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "营业执照", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "经营场所平面布局图", "required": true, "copies": 1, "formats": ["pdf", "jpg"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "从业人员健康合格证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "每名从业人员一份，可合并为一个PDF文件"}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "business_type", "label": "场所类别", "type": "select", "required": true, "max_length": null, "options": ["住宿场所", "沐浴场所", "美容美发场所", "游泳场所", "影剧院", "商场（店）"]},
    {"key": "business_area", "label": "经营面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心综合受理窗口", "address": "东营市东营区府前大街55号东营市民中心B座一楼", "phone": "0546-8781300", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-XZSP-XK-003', '道路货物运输经营许可', '行政许可', 1, '370500', 3, 20, 5, 0,
  '不收费',
  '《中华人民共和国道路运输条例》；《道路货物运输及站场管理规定》',
  '有与其经营业务相适应并经检测合格的车辆，有符合规定条件的驾驶人员，有健全的安全生产管理制度。使用总质量4500千克及以下普通货运车辆从事普通货运经营的，无需办理本许可。',
  '[
    {"id": "m1", "name": "道路货物运输经营申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "负责人身份证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "机动车行驶证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "拟投入车辆的行驶证，可合并为一个PDF文件"},
    {"id": "m4", "name": "驾驶人员从业资格证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "安全生产管理制度文本", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "vehicle_count", "label": "拟投入车辆数（辆）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "business_scope", "label": "经营范围", "type": "select", "required": true, "max_length": null, "options": ["普通货运", "货物专用运输（集装箱）", "货物专用运输（冷藏保鲜）", "大型物件运输"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心综合受理窗口", "address": "东营市东营区府前大街55号东营市民中心B座一楼", "phone": "0546-8781300", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市市场监督管理局 (dept 2)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-SCJG-XK-001', '企业设立登记', '行政许可', 2, '370500', 3, 3, 1, 0,
  '不收费',
  '《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第十九条',
  '企业名称符合《企业名称登记管理规定》，有符合章程规定的股东（出资人），有住所（经营场所），依法制定公司章程。申请材料齐全、符合法定形式的当场登记。',
  '[
    {"id": "m1", "name": "公司登记（备案）申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "公司章程", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "股东主体资格证明或自然人身份证件", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "法定代表人、董事、监事和经理的任职文件及身份证件", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "住所（经营场所）使用证明", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "实行住所申报承诺制的，可提交住所（经营场所）申报承诺书"}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "company_type", "label": "企业类型", "type": "select", "required": true, "max_length": null, "options": ["有限责任公司（自然人独资）", "有限责任公司（自然人投资或控股）", "股份有限公司", "个人独资企业", "合伙企业"]},
    {"key": "registered_capital", "label": "注册资本（万元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "legal_rep_name", "label": "法定代表人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "legal_rep_id_number", "label": "法定代表人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心企业开办专区（12-18号窗口）", "address": "东营市东营区府前大街55号东营市民中心B座一楼", "phone": "0546-8781212", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"},
    {"name": "东营经济技术开发区政务服务中心企业开办窗口", "address": "东营市东营区南二路228号东营经济技术开发区政务服务中心一楼", "phone": "0546-8175615", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-SCJG-XK-002', '企业变更登记', '行政许可', 2, '370500', 3, 3, 1, 0,
  '不收费',
  '《中华人民共和国公司法》第三十四条；《中华人民共和国市场主体登记管理条例》第二十四条',
  '企业登记事项发生变更的，应当自作出变更决议、决定或者法定变更事项发生之日起30日内申请变更登记。',
  '[
    {"id": "m1", "name": "企业变更登记（备案）申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "变更决议或决定", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "修改后的公司章程或章程修正案", "required": false, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "变更事项涉及章程修改的提交"}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "change_item", "label": "变更事项", "type": "select", "required": true, "max_length": null, "options": ["名称", "住所", "法定代表人", "注册资本", "经营范围", "股东"]},
    {"key": "resolution_date", "label": "决议（决定）日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心企业开办专区（12-18号窗口）", "address": "东营市东营区府前大街55号东营市民中心B座一楼", "phone": "0546-8781212", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"},
    {"name": "东营经济技术开发区政务服务中心企业开办窗口", "address": "东营市东营区南二路228号东营经济技术开发区政务服务中心一楼", "phone": "0546-8175615", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-SCJG-XK-003', '企业注销登记', '行政许可', 2, '370500', 3, 3, 1, 0,
  '不收费',
  '《中华人民共和国公司法》第二百三十九条；《中华人民共和国市场主体登记管理条例》第三十一条、第三十三条',
  '企业已依法完成清算，或者未发生债权债务、已将债权债务清偿完结且全体投资人书面承诺对上述情况的真实性承担法律责任的，可申请简易注销。',
  '[
    {"id": "m1", "name": "注销登记申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "清算报告或全体投资人承诺书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "股东会决议或决定", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "清税证明", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "已与税务部门实现信息共享的可免于提交"}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "cancel_type", "label": "注销方式", "type": "select", "required": true, "max_length": null, "options": ["一般注销", "简易注销"]},
    {"key": "dissolution_date", "label": "解散日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心企业开办专区（12-18号窗口）", "address": "东营市东营区府前大街55号东营市民中心B座一楼", "phone": "0546-8781212", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-SCJG-XK-004', '食品经营许可', '行政许可', 2, '370500', 3, 20, 5, 0,
  '不收费',
  '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）',
  '具有与经营的食品品种、数量相适应的经营场所和设备设施，有专职或者兼职的食品安全管理人员和保证食品安全的规章制度，具有合理的设备布局和工艺流程。',
  '[
    {"id": "m1", "name": "食品经营许可申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "营业执照", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "主要设备设施布局、操作流程等文件", "required": true, "copies": 1, "formats": ["pdf", "jpg"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "食品安全自查、从业人员健康管理、进货查验记录等规章制度", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "main_business", "label": "主体业态", "type": "select", "required": true, "max_length": null, "options": ["食品销售经营者", "餐饮服务经营者", "单位食堂"]},
    {"key": "business_area", "label": "经营场所面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心企业开办专区（12-18号窗口）", "address": "东营市东营区府前大街55号东营市民中心B座一楼", "phone": "0546-8781212", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-SCJG-XK-005', '特种设备使用登记', '行政许可', 2, '370500', 2, 15, 5, 1,
  '不收费',
  '《中华人民共和国特种设备安全法》第三十三条；《特种设备使用管理规则》（TSG 08-2017）',
  '特种设备使用单位应当在特种设备投入使用前或者投入使用后30日内办理使用登记。网上预审通过后，携带原件到窗口核验一次。',
  '[
    {"id": "m1", "name": "特种设备使用登记表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "产品合格证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "监督检验证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "使用单位营业执照", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "equipment_type", "label": "设备类别", "type": "select", "required": true, "max_length": null, "options": ["锅炉", "压力容器", "电梯", "起重机械", "场（厂）内专用机动车辆"]},
    {"key": "equipment_count", "label": "设备数量（台）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "commissioning_date", "label": "投入使用日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心企业开办专区（12-18号窗口）", "address": "东营市东营区府前大街55号东营市民中心B座一楼", "phone": "0546-8781212", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市公安局 (dept 3)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-GA-XK-001', '户口迁移审批（市外迁入）', '行政许可', 3, '370500', 2, 20, 5, 1,
  '不收费',
  '《中华人民共和国户口登记条例》第十条、第十三条；《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）',
  '在东营市城区有合法稳定住所（含租赁）或合法稳定就业的人员，本人及其共同居住生活的配偶、子女、父母可申请迁入落户。网上预审通过后，到户政窗口办理一次。',
  '[
    {"id": "m1", "name": "居民户口簿", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "合法稳定住所证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "不动产权证书、购房合同或住房租赁登记备案证明"},
    {"id": "m4", "name": "结婚证", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "配偶随迁的提交"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "move_reason", "label": "迁入类别", "type": "select", "required": true, "max_length": null, "options": ["购房落户", "就业落户", "投靠亲属", "大中专院校毕业生落户"]},
    {"key": "origin_address", "label": "原户籍地址", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市公安局户政服务窗口", "address": "东营市东营区府前大街55号东营市民中心C座一楼公安服务区", "phone": "0546-8761210", "hours": "周一至周五 9:00-12:00, 13:30-17:00"},
    {"name": "东营市政务服务中心综合受理窗口", "address": "东营市东营区府前大街55号东营市民中心B座一楼", "phone": "0546-8781300", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-GA-QR-001', '居民身份证申领', '行政确认', 3, '370500', 1, 60, 15, 1,
  '首次申领、到期换领每证20元；丢失补领、损坏换领每证40元',
  '《中华人民共和国居民身份证法》第七条、第十条、第二十条',
  '公民应当自年满十六周岁之日起三个月内申请领取居民身份证；未满十六周岁的可以申请领取。须本人到户政窗口现场采集人像和指纹。',
  '[
    {"id": "m1", "name": "居民户口簿", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "近期免冠彩色照片", "required": true, "copies": 1, "formats": ["jpg", "png"], "max_bytes": 10485760, "note": "现场免费拍摄并采集指纹，无需自备"},
    {"id": "m3", "name": "监护人居民身份证", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "未满十六周岁的申请人由监护人陪同办理"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "apply_type", "label": "申领类型", "type": "select", "required": true, "max_length": null, "options": ["首次申领", "到期换领", "丢失补领", "损坏换领"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市公安局户政服务窗口", "address": "东营市东营区府前大街55号东营市民中心C座一楼公安服务区", "phone": "0546-8761210", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-GA-QR-002', '出生登记', '行政确认', 3, '370500', 3, 5, 1, 0,
  '不收费',
  '《中华人民共和国户口登记条例》第七条',
  '婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。可通过“出生一件事”全程网办。',
  '[
    {"id": "m1", "name": "出生医学证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "父母双方居民户口簿", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "父母双方居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "父母结婚证", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "父母未办理结婚登记的无需提交"}
  ]',
  '[
    {"key": "baby_name", "label": "新生儿姓名", "type": "text", "required": true, "max_length": 20, "options": null},
    {"key": "baby_gender", "label": "新生儿性别", "type": "select", "required": true, "max_length": null, "options": ["男", "女"]},
    {"key": "birth_date", "label": "出生日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "guardian_name", "label": "申报人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "guardian_id_number", "label": "申报人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市公安局户政服务窗口", "address": "东营市东营区府前大街55号东营市民中心C座一楼公安服务区", "phone": "0546-8761210", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-GA-GG-001', '无犯罪记录证明开具', '公共服务', 3, '370500', 3, 3, 1, 0,
  '不收费',
  '《公安机关办理犯罪记录查询工作规定》（公通字〔2021〕19号）',
  '个人可申请查询本人有无犯罪记录；委托他人代为申请的，须提交委托书。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "授权委托书", "required": false, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "委托他人代办的提交"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "purpose", "label": "用途", "type": "select", "required": true, "max_length": null, "options": ["就业", "出国（境）", "入学", "其他"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市公安局户政服务窗口", "address": "东营市东营区府前大街55号东营市民中心C座一楼公安服务区", "phone": "0546-8761210", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-GA-XK-002', '普通护照签发', '行政许可', 3, '370500', 1, 15, 7, 1,
  '每本120元',
  '《中华人民共和国护照法》第五条、第六条；《中华人民共和国出境入境管理法》',
  '中国公民因前往外国定居、探亲、学习、就业、旅行、从事商务活动等非公务原因出国的，可申请普通护照。须本人到出入境接待大厅现场采集照片和指纹。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "近期彩色照片", "required": true, "copies": 1, "formats": ["jpg", "png"], "max_bytes": 10485760, "note": "可现场采集"},
    {"id": "m3", "name": "国家工作人员出国（境）审批意见", "required": false, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "登记备案的国家工作人员提交"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "applicant_name_pinyin", "label": "姓名拼音", "type": "text", "required": true, "max_length": 60, "options": null},
    {"key": "apply_reason", "label": "申请类别", "type": "select", "required": true, "max_length": null, "options": ["首次申请", "换发", "补发"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市公安局出入境接待大厅", "address": "东营市东营区西四路626号", "phone": "0546-7922106", "hours": "周一至周五 8:30-12:00, 13:30-17:00；周六 9:00-12:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-GA-QR-003', '户口登记项目变更更正', '行政确认', 3, '370500', 1, 20, 10, 1,
  '不收费',
  '《中华人民共和国户口登记条例》第十七条',
  '户口登记内容需要变更或者更正的，由户主或者本人向户口登记机关申报，并提交能够证明变更、更正事项的原始材料。',
  '[
    {"id": "m1", "name": "居民户口簿", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "变更更正事项的证明材料", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "如出生医学证明、人事档案记载等"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "change_field", "label": "变更更正项目", "type": "select", "required": true, "max_length": null, "options": ["姓名", "出生日期", "民族", "性别"]},
    {"key": "correct_value", "label": "变更更正后内容", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市公安局户政服务窗口", "address": "东营市东营区府前大街55号东营市民中心C座一楼公安服务区", "phone": "0546-8761210", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市人力资源和社会保障局 (dept 4)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-RSJ-GG-001', '社会保障卡申领', '公共服务', 4, '370500', 3, 20, 5, 0,
  '首次申领不收费',
  '《中华人民共和国社会保险法》第五十八条',
  '参加东营市社会保险或在东营市居住的人员可申领社会保障卡，制卡完成后免费邮寄到家。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "近期免冠彩色证件照", "required": true, "copies": 1, "formats": ["jpg", "png"], "max_bytes": 2097152, "note": "白色背景，358×441像素"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "bank", "label": "服务银行", "type": "select", "required": true, "max_length": null, "options": ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "东营银行", "山东省农村信用社"]},
    {"key": "mailing_address", "label": "邮寄地址", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心人社综合窗口", "address": "东营市东营区府前大街55号东营市民中心C座二楼", "phone": "0546-8781425", "hours": "周一至周五 9:00-12:00, 13:30-17:00"},
    {"name": "东营市社会保险服务中心服务大厅", "address": "东营市东营区黄河路289号", "phone": "0546-8332536", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-RSJ-JF-001', '失业保险金申领', '行政给付', 4, '370500', 3, 10, 3, 0,
  '不收费',
  '《中华人民共和国社会保险法》第四十五条、第五十条；《失业保险条例》第十四条',
  '失业前用人单位和本人已缴纳失业保险费满一年，非因本人意愿中断就业，已进行失业登记并有求职要求。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "解除或终止劳动关系证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "社会保障卡或银行账户信息", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "已激活社会保障卡金融功能的可不提交"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "separation_date", "label": "解除（终止）劳动关系日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "last_employer", "label": "原工作单位", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市社会保险服务中心服务大厅", "address": "东营市东营区黄河路289号", "phone": "0546-8332536", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-RSJ-GG-002', '领取养老保险待遇资格认证', '公共服务', 4, '370500', 3, 5, 1, 0,
  '不收费',
  '《中华人民共和国社会保险法》；《领取社会保险待遇资格确认经办规程（暂行）》',
  '按月领取养老保险待遇的人员每年进行一次资格认证，可通过人脸识别方式在线完成，无需到窗口。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "授权委托书", "required": false, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "委托他人代为认证的提交"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "insurance_type", "label": "险种", "type": "select", "required": true, "max_length": null, "options": ["企业职工基本养老保险", "机关事业单位养老保险", "城乡居民基本养老保险"]},
    {"key": "residence", "label": "居住地", "type": "select", "required": true, "max_length": null, "options": ["东营市内", "山东省内其他市", "省外", "境外"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市社会保险服务中心服务大厅", "address": "东营市东营区黄河路289号", "phone": "0546-8332536", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-RSJ-JF-002', '职工基本养老保险退休待遇申领', '行政给付', 4, '370500', 2, 20, 10, 1,
  '不收费',
  '《中华人民共和国社会保险法》第十六条',
  '参加基本养老保险的个人，达到法定退休年龄时累计缴费满十五年的，按月领取基本养老金。网上预审通过后，携带人事档案原件到窗口核验一次。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "职工退休审批表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "人事档案关键信息页", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": "原件须现场核验"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "retirement_date", "label": "退休日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "retirement_type", "label": "退休类别", "type": "select", "required": true, "max_length": null, "options": ["正常退休", "特殊工种提前退休", "病残提前退休", "弹性提前退休"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市社会保险服务中心服务大厅", "address": "东营市东营区黄河路289号", "phone": "0546-8332536", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-RSJ-QR-001', '工伤认定', '行政确认', 4, '370500', 2, 60, 30, 1,
  '不收费',
  '《工伤保险条例》第十四条、第十七条、第二十条',
  '职工发生事故伤害或者被诊断为职业病的，用人单位应当自事故伤害发生之日起30日内提出工伤认定申请；用人单位未申请的，职工或者其近亲属可在1年内提出。',
  '[
    {"id": "m1", "name": "工伤认定申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "与用人单位存在劳动关系的证明材料", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "医疗诊断证明或职业病诊断证明书", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "事故经过说明", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "injured_name", "label": "受伤职工姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "injured_id_number", "label": "受伤职工身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "employer_name", "label": "用人单位名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "accident_date", "label": "事故发生日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "injury_part", "label": "受伤部位", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市社会保险服务中心服务大厅", "address": "东营市东营区黄河路289号", "phone": "0546-8332536", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市住房和城乡建设局 (dept 5)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-ZJJ-XK-001', '商品房预售许可', '行政许可', 5, '370500', 2, 10, 5, 1,
  '不收费',
  '《中华人民共和国城市房地产管理法》第四十五条；《城市商品房预售管理办法》第五条、第七条',
  '已交付全部土地使用权出让金并取得土地使用权证书，持有建设工程规划许可证和施工许可证，投入开发建设的资金达到工程建设总投资的25%以上并已确定施工进度和竣工交付日期。',
  '[
    {"id": "m1", "name": "商品房预售许可申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "营业执照和房地产开发企业资质证书", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "建设工程规划许可证和施工许可证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "投入开发建设资金达到总投资25%以上的证明", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "商品房预售方案", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "project_name", "label": "项目名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "presale_area", "label": "预售面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "presale_units", "label": "预售套数", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心住房城乡建设窗口", "address": "东营市东营区府前大街55号东营市民中心B座三楼", "phone": "0546-8781516", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-ZJJ-QT-001', '房屋建筑和市政基础设施工程竣工验收备案', '其他行政权力', 5, '370500', 3, 5, 1, 0,
  '不收费',
  '《建设工程质量管理条例》第四十九条；《房屋建筑和市政基础设施工程竣工验收备案管理办法》第四条',
  '建设单位应当自工程竣工验收合格之日起15日内，向工程所在地的县级以上地方人民政府建设主管部门备案。',
  '[
    {"id": "m1", "name": "工程竣工验收备案表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "工程竣工验收报告", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""},
    {"id": "m3", "name": "规划、消防等部门出具的认可文件或准许使用文件", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "施工单位签署的工程质量保修书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "project_name", "label": "工程名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "acceptance_date", "label": "竣工验收日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "building_area", "label": "建筑面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心住房城乡建设窗口", "address": "东营市东营区府前大街55号东营市民中心B座三楼", "phone": "0546-8781516", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市卫生健康委员会 (dept 6)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-WJW-XK-001', '医师执业注册', '行政许可', 6, '370500', 3, 20, 5, 0,
  '不收费',
  '《中华人民共和国医师法》第十三条；《医师执业注册管理办法》（国家卫生和计划生育委员会令第13号）',
  '取得医师资格，经拟执业的医疗卫生机构同意聘用，身体健康能够胜任医师工作，且不具有不予注册的情形。',
  '[
    {"id": "m1", "name": "医师执业注册申请审核表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "近6个月2寸白底免冠正面照片", "required": true, "copies": 1, "formats": ["jpg", "png"], "max_bytes": 2097152, "note": ""},
    {"id": "m3", "name": "医师资格证书", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "拟执业医疗卫生机构的聘用证明", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "practice_category", "label": "执业类别", "type": "select", "required": true, "max_length": null, "options": ["临床", "中医", "口腔", "公共卫生"]},
    {"key": "practice_scope", "label": "执业范围", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "institution_name", "label": "拟执业机构名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心卫生健康窗口", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781618", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-WJW-XK-002', '护士执业注册', '行政许可', 6, '370500', 3, 20, 5, 0,
  '不收费',
  '《护士条例》第七条、第八条；《护士执业注册管理办法》',
  '具有完全民事行为能力，完成规定的护理专业学历教育，通过国务院卫生主管部门组织的护士执业资格考试，符合规定的健康标准。',
  '[
    {"id": "m1", "name": "护士执业注册申请审核表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "护士执业资格考试成绩合格证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "学历证书", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "6个月内健康体检证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "医疗卫生机构拟聘用的相关材料", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "exam_year", "label": "考试合格年份", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "graduation_date", "label": "毕业日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "institution_name", "label": "拟执业机构名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心卫生健康窗口", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781618", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-WJW-XK-003', '医疗机构执业登记', '行政许可', 6, '370500', 2, 45, 20, 1,
  '不收费',
  '《医疗机构管理条例》；《医疗机构管理条例实施细则》',
  '按照设置审批或备案规定设立，符合医疗机构基本标准，有适合的名称、组织机构和场所，有与开展业务相适应的经费、设施、设备和专业卫生技术人员。网上预审通过后，安排一次现场核验。',
  '[
    {"id": "m1", "name": "医疗机构执业登记申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "医疗机构用房产权证明或使用证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "医疗机构建筑设计平面图", "required": true, "copies": 1, "formats": ["pdf", "jpg"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "医疗机构规章制度", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "医务人员执业资格证明", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""}
  ]',
  '[
    {"key": "institution_name", "label": "医疗机构名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "institution_type", "label": "医疗机构类别", "type": "select", "required": true, "max_length": null, "options": ["综合医院", "中医医院", "门诊部", "诊所", "卫生所（室）"]},
    {"key": "bed_count", "label": "床位数（张）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心卫生健康窗口", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781618", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-WJW-GG-001', '出生医学证明补发', '公共服务', 6, '370500', 1, 20, 10, 1,
  '不收费',
  '《中华人民共和国母婴保健法》第二十三条',
  '《出生医学证明》遗失的，由新生儿父母或监护人向原签发机构申请补发，须本人到原签发机构窗口办理。',
  '[
    {"id": "m1", "name": "出生医学证明补发申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "新生儿父母居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "新生儿居民户口簿", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "已办理出生登记的提交"}
  ]',
  '[
    {"key": "baby_name", "label": "新生儿姓名", "type": "text", "required": true, "max_length": 20, "options": null},
    {"key": "birth_date", "label": "出生日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "mother_name", "label": "母亲姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "mother_id_number", "label": "母亲身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市人民医院出生医学证明办理窗口", "address": "东营市东营区南一路317号门诊楼一楼", "phone": "0546-8901133", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市民政局 (dept 7)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-MZJ-QR-001', '结婚登记', '行政确认', 7, '370500', 1, 1, 1, 1,
  '不收费',
  '《中华人民共和国民法典》第一千零四十六条、第一千零四十七条、第一千零四十九条；《婚姻登记条例》第四条',
  '男女双方完全自愿，男方年满22周岁、女方年满20周岁，双方均无配偶且没有直系血亲和三代以内旁系血亲关系。双方须共同亲自到婚姻登记机关办理，符合条件的当场登记、发给结婚证。',
  '[
    {"id": "m1", "name": "男方居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "女方居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "双方近期半身免冠合影照片", "required": true, "copies": 1, "formats": ["jpg", "png"], "max_bytes": 10485760, "note": "2寸双人合影2张，也可现场拍摄"},
    {"id": "m4", "name": "双方无配偶及无禁止结婚亲属关系的签字声明", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "在登记现场签署"}
  ]',
  '[
    {"key": "male_name", "label": "男方姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "male_id_number", "label": "男方身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "female_name", "label": "女方姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "female_id_number", "label": "女方身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "appointment_date", "label": "预约登记日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市婚姻登记处", "address": "东营市东营区淄博路129号", "phone": "0546-8225301", "hours": "周一至周五 8:30-12:00, 13:30-17:00（法定节假日除外）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-MZJ-QR-002', '离婚登记', '行政确认', 7, '370500', 1, 30, 30, 2,
  '不收费',
  '《中华人民共和国民法典》第一千零七十六条、第一千零七十七条、第一千零七十八条；《婚姻登记条例》',
  '夫妻双方自愿离婚并对子女抚养、财产及债务处理等事项协商一致。双方须亲自到婚姻登记机关提出申请，30日离婚冷静期届满后30日内双方再次亲自到场申请发给离婚证。',
  '[
    {"id": "m1", "name": "双方居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "双方结婚证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "离婚协议书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "一式三份，双方签名"}
  ]',
  '[
    {"key": "male_name", "label": "男方姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "male_id_number", "label": "男方身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "female_name", "label": "女方姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "female_id_number", "label": "女方身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "marriage_date", "label": "结婚登记日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市婚姻登记处", "address": "东营市东营区淄博路129号", "phone": "0546-8225301", "hours": "周一至周五 8:30-12:00, 13:30-17:00（法定节假日除外）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-MZJ-QR-003', '补领婚姻登记证', '行政确认', 7, '370500', 1, 20, 1, 1,
  '不收费',
  '《婚姻登记条例》；《婚姻登记工作规范》',
  '结婚证、离婚证遗失或者损毁的，当事人可以持居民身份证向原办理婚姻登记的机关或者一方常住户口所在地的婚姻登记机关申请补领，须本人到场。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "近期2寸半身免冠照片", "required": true, "copies": 1, "formats": ["jpg", "png"], "max_bytes": 10485760, "note": "补领结婚证须提交双人合影"},
    {"id": "m3", "name": "婚姻登记档案证明", "required": false, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "非原登记机关办理时提交"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "cert_type", "label": "补领证件", "type": "select", "required": true, "max_length": null, "options": ["结婚证", "离婚证"]},
    {"key": "registration_year", "label": "原登记年份", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市婚姻登记处", "address": "东营市东营区淄博路129号", "phone": "0546-8225301", "hours": "周一至周五 8:30-12:00, 13:30-17:00（法定节假日除外）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-MZJ-QR-004', '收养登记', '行政确认', 7, '370500', 1, 30, 20, 1,
  '不收费',
  '《中华人民共和国民法典》第一千零九十八条、第一千一百零五条；《中国公民收养子女登记办法》',
  '收养人无子女或者只有一名子女，有抚养、教育和保护被收养人的能力，未患有在医学上认为不应当收养子女的疾病，无不利于被收养人健康成长的违法犯罪记录，年满三十周岁。收养关系当事人须亲自到收养登记机关办理。',
  '[
    {"id": "m1", "name": "收养申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "收养人居民身份证和居民户口簿", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "收养人婚姻状况证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "县级以上医疗机构出具的健康检查证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "送养人同意送养的书面意见", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "adopter_name", "label": "收养人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "adopter_id_number", "label": "收养人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "child_name", "label": "被收养人姓名", "type": "text", "required": true, "max_length": 20, "options": null},
    {"key": "child_birth_date", "label": "被收养人出生日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "adoption_type", "label": "收养类型", "type": "select", "required": true, "max_length": null, "options": ["收养社会福利机构抚养的儿童", "收养亲属子女", "继父母收养继子女"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心民政窗口", "address": "东营市东营区府前大街55号东营市民中心C座二楼", "phone": "0546-8781702", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-MZJ-XK-001', '社会团体成立登记', '行政许可', 7, '370500', 3, 60, 20, 0,
  '不收费',
  '《社会团体登记管理条例》第十条、第十一条、第十二条',
  '有50个以上的个人会员或者30个以上的单位会员，有规范的名称和相应的组织机构，有固定的住所，有与其业务活动相适应的专职工作人员，地方性社会团体有3万元以上活动资金。',
  '[
    {"id": "m1", "name": "社会团体成立登记申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "业务主管单位的批准文件", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "验资报告和场所使用权证明", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "章程草案", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "发起人和拟任负责人的基本情况及身份证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "org_name", "label": "社会团体名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "activity_funds", "label": "活动资金（万元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "member_count", "label": "会员数量", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "supervising_unit", "label": "业务主管单位", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "legal_rep_id_number", "label": "拟任法定代表人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心民政窗口", "address": "东营市东营区府前大街55号东营市民中心C座二楼", "phone": "0546-8781702", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-MZJ-XK-002', '民办非企业单位成立登记', '行政许可', 7, '370500', 3, 60, 20, 0,
  '不收费',
  '《民办非企业单位登记管理暂行条例》第八条、第九条、第十一条',
  '经业务主管单位审查同意，有规范的名称和必要的组织机构，有与其业务活动相适应的从业人员、合法财产和必要的场所。',
  '[
    {"id": "m1", "name": "民办非企业单位成立登记申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "业务主管单位的批准文件", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "场所使用权证明和验资报告", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "章程草案", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "org_name", "label": "单位名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "business_field", "label": "业务领域", "type": "select", "required": true, "max_length": null, "options": ["教育", "卫生", "文化", "科技", "体育", "社会福利"]},
    {"key": "startup_funds", "label": "开办资金（万元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "legal_rep_name", "label": "拟任法定代表人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "legal_rep_id_number", "label": "拟任法定代表人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心民政窗口", "address": "东营市东营区府前大街55号东营市民中心C座二楼", "phone": "0546-8781702", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市自然资源和规划局 (dept 8)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-ZRZY-XK-001', '建设用地规划许可证核发', '行政许可', 8, '370500', 2, 20, 5, 1,
  '不收费',
  '《中华人民共和国城乡规划法》第三十七条、第三十八条；《中华人民共和国行政许可法》第四十二条',
  '以划拨方式提供国有土地使用权的建设项目已取得批准、核准或备案文件；以出让方式取得国有土地使用权的已签订国有建设用地使用权出让合同。',
  '[
    {"id": "m1", "name": "建设用地规划许可申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "国有建设用地使用权出让合同或国有土地划拨决定书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "建设项目批准、核准或备案文件", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "宗地界址点坐标及用地范围图", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "project_name", "label": "项目名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "land_area", "label": "用地面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "land_use", "label": "用地性质", "type": "select", "required": true, "max_length": null, "options": ["居住用地", "商业服务业用地", "工业用地", "公共管理与公共服务用地"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心自然资源和规划窗口", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781821", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-ZRZY-XK-002', '建设工程规划许可证核发', '行政许可', 8, '370500', 2, 20, 5, 1,
  '不收费',
  '《中华人民共和国城乡规划法》第四十条；《中华人民共和国行政许可法》第四十二条',
  '已取得建设用地规划许可证或不动产权证书，建设工程设计方案符合控制性详细规划和规划条件。',
  '[
    {"id": "m1", "name": "建设工程规划许可申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "不动产权证书或建设用地规划许可证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "建设工程设计方案", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""},
    {"id": "m4", "name": "总平面图", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "project_name", "label": "项目名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "total_floor_area", "label": "总建筑面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "building_height", "label": "建筑高度（米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心自然资源和规划窗口", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781821", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-ZRZY-QR-001', '不动产转移登记（国有建设用地使用权及房屋所有权）', '行政确认', 8, '370500', 2, 30, 3, 1,
  '住宅每件80元；非住宅每件550元',
  '《中华人民共和国民法典》第二百零九条、第二百一十四条；《不动产登记暂行条例》第十四条、第二十条',
  '因买卖、赠与、继承、离婚析产等导致国有建设用地使用权及房屋所有权转移的，当事人可申请转移登记。网上预审通过后，买卖双方到登记大厅签字并核验原件一次。',
  '[
    {"id": "m1", "name": "不动产登记申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "申请人身份证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "不动产权属证书", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "房屋买卖合同或其他权属转移材料", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "完税凭证", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "已与税务部门实现信息共享的免于提交"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "property_address", "label": "不动产坐落", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "building_area", "label": "建筑面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "transfer_reason", "label": "转移原因", "type": "select", "required": true, "max_length": null, "options": ["买卖", "赠与", "继承", "离婚析产"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市不动产登记中心服务大厅", "address": "东营市东营区府前大街55号东营市民中心A座一楼", "phone": "0546-8781808", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市生态环境局 (dept 9)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-STHJ-XK-001', '建设项目环境影响报告书审批', '行政许可', 9, '370500', 2, 60, 20, 1,
  '不收费',
  '《中华人民共和国环境影响评价法》第二十二条；《建设项目环境保护管理条例》第九条',
  '建设项目类型及其选址、布局、规模等符合环境保护法律法规和相关法定规划，采取的污染防治措施能够确保污染物排放达到国家和地方排放标准。',
  '[
    {"id": "m1", "name": "建设项目环境影响评价文件审批申请", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "环境影响报告书（全本）", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""},
    {"id": "m3", "name": "环境影响评价公众参与说明", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "删除涉及国家秘密、商业秘密内容的公开版本", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": "用于受理公示"}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "project_name", "label": "项目名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "total_investment", "label": "总投资（万元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "industry_category", "label": "行业类别", "type": "select", "required": true, "max_length": null, "options": ["石油化工", "电力热力", "橡胶和塑料制品", "装备制造", "农副食品加工", "其他"]},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心生态环境窗口", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781909", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-STHJ-XK-002', '建设项目环境影响报告表审批', '行政许可', 9, '370500', 3, 30, 10, 0,
  '不收费',
  '《中华人民共和国环境影响评价法》第二十二条；《建设项目环境保护管理条例》第九条',
  '建设项目可能造成轻度环境影响，应当编制环境影响报告表，对产生的环境影响进行分析或者专项评价。',
  '[
    {"id": "m1", "name": "建设项目环境影响评价文件审批申请", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "环境影响报告表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""},
    {"id": "m3", "name": "删除涉及国家秘密、商业秘密内容的公开版本", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "project_name", "label": "项目名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "total_investment", "label": "总投资（万元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心生态环境窗口", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781909", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-STHJ-XK-003', '排污许可证核发', '行政许可', 9, '370500', 3, 30, 15, 0,
  '不收费',
  '《排污许可管理条例》（国务院令第736号）；《排污许可管理办法》',
  '依法取得建设项目环境影响报告书（表）批准文件或者已办理环境影响登记表备案手续，污染物排放符合污染物排放标准和重点污染物排放总量控制要求。',
  '[
    {"id": "m1", "name": "排污许可证申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "自行监测方案", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "守法承诺书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "排污口和监测孔规范化设置情况说明", "required": true, "copies": 1, "formats": ["pdf", "jpg"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "management_type", "label": "管理类别", "type": "select", "required": true, "max_length": null, "options": ["重点管理", "简化管理"]},
    {"key": "main_pollutants", "label": "主要污染物种类", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心生态环境窗口", "address": "东营市东营区府前大街55号东营市民中心B座二楼", "phone": "0546-8781909", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市医疗保障局 (dept 10)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-YBJ-JF-001', '基本医疗保险参保人员医疗费用手工（零星）报销', '行政给付', 10, '370500', 3, 30, 20, 0,
  '不收费',
  '《中华人民共和国社会保险法》第二十八条、第二十九条；《医疗保障基金使用监督管理条例》',
  '参保人员因急诊抢救、异地就医未直接结算等原因全额垫付医疗费用的，可申请手工报销。',
  '[
    {"id": "m1", "name": "医疗费用收据（发票）", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "医疗费用明细清单", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "出院记录或门诊病历", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "社会保障卡或本人银行账户信息", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "已激活社会保障卡金融功能的可不提交"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "insurance_type", "label": "参保类型", "type": "select", "required": true, "max_length": null, "options": ["职工基本医疗保险", "城乡居民基本医疗保险"]},
    {"key": "total_amount", "label": "医疗费用总额（元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "treatment_date", "label": "就诊（出院）日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市医疗保障服务中心服务大厅", "address": "东营市东营区府前大街55号东营市民中心C座一楼", "phone": "0546-8781966", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-YBJ-GG-001', '异地就医备案', '公共服务', 10, '370500', 3, 1, 1, 0,
  '不收费',
  '《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）',
  '参加东营市基本医疗保险并需要到异地就医的人员，可在就医前办理备案，备案后可在就医地直接结算。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "异地居住证明或个人承诺书", "required": false, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "可采用个人承诺方式"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "filing_type", "label": "备案类别", "type": "select", "required": true, "max_length": null, "options": ["异地长期居住人员", "常驻异地工作人员", "异地转诊就医人员", "异地急诊抢救人员", "其他临时外出就医人员"]},
    {"key": "destination", "label": "就医地", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "start_date", "label": "备案开始日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市医疗保障服务中心服务大厅", "address": "东营市东营区府前大街55号东营市民中心C座一楼", "phone": "0546-8781966", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-YBJ-QR-001', '门诊慢特病待遇认定', '行政确认', 10, '370500', 2, 20, 10, 1,
  '不收费',
  '《中华人民共和国社会保险法》第二十八条；《国家医疗保障局 财政部关于建立医疗保障待遇清单制度的意见》（医保发〔2021〕5号）',
  '参保人员患有规定范围内的门诊慢特病，经二级及以上定点医疗机构诊断并符合认定标准的，可申请门诊慢特病待遇。网上预审通过后，到窗口或定点医疗机构现场核验一次。',
  '[
    {"id": "m1", "name": "门诊慢特病待遇认定申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "二级及以上医疗机构诊断证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "相关检查检验报告", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 20971520, "note": ""},
    {"id": "m4", "name": "住院病历或门诊病历", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "disease_name", "label": "申请病种", "type": "select", "required": true, "max_length": null, "options": ["高血压病（合并心、脑、肾并发症之一）", "糖尿病（合并严重并发症）", "恶性肿瘤门诊治疗", "慢性肾功能衰竭（透析治疗）", "冠心病"]},
    {"key": "diagnosis_hospital", "label": "诊断医院", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市医疗保障服务中心服务大厅", "address": "东营市东营区府前大街55号东营市民中心C座一楼", "phone": "0546-8781966", "hours": "周一至周五 9:00-12:00, 13:30-17:00"},
    {"name": "东营市人民医院医保服务窗口", "address": "东营市东营区南一路317号门诊楼一楼", "phone": "0546-8901265", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市住房公积金管理中心 (dept 11)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-GJJ-GG-001', '住房公积金提取', '公共服务', 11, '370500', 3, 3, 1, 0,
  '不收费',
  '《住房公积金管理条例》第二十四条、第二十五条',
  '职工购买、建造、翻建、大修自住住房，偿还购房贷款本息，租赁自住住房或者离休、退休的，可以提取职工住房公积金账户内的存储余额。',
  '[
    {"id": "m1", "name": "居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "购房合同或不动产权证书", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "购房发票或完税凭证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "本人名下银行卡", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "可使用已绑定的银行账户"}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "withdraw_reason", "label": "提取原因", "type": "select", "required": true, "max_length": null, "options": ["购买自住住房", "偿还住房贷款本息", "租赁住房", "离休退休"]},
    {"key": "amount", "label": "提取金额（元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市住房公积金管理中心服务大厅", "address": "东营市东营区济南路187号", "phone": "0546-8317725", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-GJJ-GG-002', '住房公积金个人住房贷款', '公共服务', 11, '370500', 2, 15, 10, 1,
  '不收费',
  '《住房公积金管理条例》第二十六条',
  '缴存职工购买、建造、翻建、大修自住住房时，可以向住房公积金管理中心申请住房公积金贷款。网上预审通过后，到服务大厅面签一次。',
  '[
    {"id": "m1", "name": "住房公积金个人住房贷款申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "借款人及配偶居民身份证和婚姻状况证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "购房合同", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "首付款凭证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "收入证明", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "applicant_name", "label": "申请人姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "applicant_id_number", "label": "申请人身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "loan_amount", "label": "申请贷款金额（万元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "loan_years", "label": "贷款年限（年）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "house_address", "label": "所购住房坐落", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市住房公积金管理中心服务大厅", "address": "东营市东营区济南路187号", "phone": "0546-8317725", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市应急管理局 (dept 12)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-YJGL-XK-001', '危险化学品经营许可证核发', '行政许可', 12, '370500', 2, 30, 10, 1,
  '不收费',
  '《危险化学品安全管理条例》第三十三条、第三十四条、第三十五条；《危险化学品经营许可证管理办法》',
  '有符合国家标准、行业标准的经营场所，有经过专业技术培训并考核合格的从业人员，有健全的安全管理规章制度、符合规定的事故应急救援预案和必要的应急救援器材、设备。网上预审通过后进行一次现场核查。',
  '[
    {"id": "m1", "name": "危险化学品经营许可证申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "主要负责人和安全生产管理人员安全资格证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "经营场所产权证明或租赁证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "安全生产规章制度和岗位操作规程", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m5", "name": "生产安全事故应急救援预案", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "business_mode", "label": "经营方式", "type": "select", "required": true, "max_length": null, "options": ["不带储存设施经营", "带有储存设施经营"]},
    {"key": "chemical_names", "label": "经营品种", "type": "text", "required": true, "max_length": 200, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心应急管理窗口", "address": "东营市东营区府前大街55号东营市民中心B座三楼", "phone": "0546-8781350", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营市消防救援支队 (dept 13)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370500-XFJY-XK-001', '公众聚集场所投入使用、营业前消防安全检查', '行政许可', 13, '370500', 2, 10, 3, 1,
  '不收费',
  '《中华人民共和国消防法》第十五条；《公众聚集场所投入使用、营业前消防安全检查规则》',
  '场所的消防安全条件符合消防技术标准和管理规定。选择告知承诺方式的，对申请材料齐全、符合法定形式的当场作出许可决定；选择一般方式的，自受理之日起10个工作日内完成现场检查。',
  '[
    {"id": "m1", "name": "公众聚集场所投入使用、营业消防安全检查申报表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "营业执照", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "消防安全制度、灭火和应急疏散预案", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "场所平面布置图、场所消防设施平面图", "required": true, "copies": 1, "formats": ["pdf", "jpg"], "max_bytes": 20971520, "note": ""},
    {"id": "m5", "name": "消防安全告知承诺书", "required": false, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": "选择告知承诺方式的提交"}
  ]',
  '[
    {"key": "venue_name", "label": "场所名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "venue_type", "label": "场所类别", "type": "select", "required": true, "max_length": null, "options": ["宾馆饭店", "商场市场", "体育场馆", "影剧院", "歌舞娱乐场所"]},
    {"key": "floor_area", "label": "使用面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "planned_open_date", "label": "拟营业日期", "type": "date", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营市政务服务中心消防审批窗口", "address": "东营市东营区府前大街55号东营市民中心B座三楼", "phone": "0546-8781119", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- 东营区行政审批服务局 (dept 14)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370502-DYQSP-XK-001', '个体工商户设立登记', '行政许可', 14, '370502', 3, 3, 1, 0,
  '不收费',
  '《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》第十九条',
  '有经营能力的自然人可以申请登记为个体工商户，经营范围不得涉及法律法规禁止的项目。申请材料齐全、符合法定形式的当场登记。',
  '[
    {"id": "m1", "name": "个体工商户登记（备案）申请书", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "经营者居民身份证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "经营场所使用证明", "required": false, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": "实行住所申报承诺制的，可提交经营场所申报承诺书"}
  ]',
  '[
    {"key": "operator_name", "label": "经营者姓名", "type": "text", "required": true, "max_length": 50, "options": null},
    {"key": "operator_id_number", "label": "经营者身份证号码", "type": "id_number", "required": true, "max_length": null, "options": null},
    {"key": "business_name", "label": "个体工商户名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "business_scope", "label": "行业类别", "type": "select", "required": true, "max_length": null, "options": ["批发零售", "餐饮服务", "居民服务", "美容美发", "维修服务"]},
    {"key": "capital", "label": "资金数额（万元）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营区政务服务中心综合受理窗口", "address": "东营市东营区西四路617号东营区政务服务中心一楼", "phone": "0546-8638512", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370502-DYQSP-XK-002', '药品零售企业经营许可', '行政许可', 14, '370502', 2, 20, 10, 1,
  '不收费',
  '《中华人民共和国药品管理法》第五十一条、第五十二条；《药品经营和使用质量监督管理办法》',
  '有依法经过资格认定的药师或者其他药学技术人员，有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境，有保证药品质量的规章制度。网上预审通过后进行一次现场检查。',
  '[
    {"id": "m1", "name": "药品经营许可证申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "执业药师注册证", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "经营场所和仓库的产权或使用证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "药品质量管理文件", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "business_type", "label": "经营类别", "type": "select", "required": true, "max_length": null, "options": ["单体药店", "连锁门店"]},
    {"key": "pharmacist_count", "label": "执业药师人数", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "东营区政务服务中心综合受理窗口", "address": "东营市东营区西四路617号东营区政务服务中心一楼", "phone": "0546-8638512", "hours": "周一至周五 9:00-12:00, 13:30-17:00；周六 9:00-12:00（预约办理）"}
  ]',
  1, '2026-01-05 09:00:00');

-- 垦利区行政审批服务局 (dept 15)
INSERT INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
  visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
VALUES ('370505-KLQSP-XK-001', '农药经营许可', '行政许可', 15, '370505', 2, 20, 10, 1,
  '不收费',
  '《农药管理条例》第二十四条、第二十五条；《农药经营许可管理办法》（农业部令2017年第5号）',
  '有具备农药和病虫害防治专业知识的经营人员，有与其他商品以及饮用水水源、生活区域有效隔离的营业场所和仓储场所，有可追溯电子信息码扫描识别设备。网上预审通过后进行一次现场核查。',
  '[
    {"id": "m1", "name": "农药经营许可申请表", "required": true, "copies": 1, "formats": ["pdf"], "max_bytes": 10485760, "note": ""},
    {"id": "m2", "name": "法定代表人（负责人）身份证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m3", "name": "经营人员的学历或者培训证明", "required": true, "copies": 1, "formats": ["pdf", "jpg", "png"], "max_bytes": 10485760, "note": ""},
    {"id": "m4", "name": "营业场所和仓储场所地址、面积、平面图等说明材料", "required": true, "copies": 1, "formats": ["pdf", "jpg"], "max_bytes": 10485760, "note": ""}
  ]',
  '[
    {"key": "company_name", "label": "企业名称", "type": "text", "required": true, "max_length": 100, "options": null},
    {"key": "credit_code", "label": "统一社会信用代码", "type": "text", "required": true, "max_length": 18, "options": null},
    {"key": "pesticide_scope", "label": "经营范围", "type": "select", "required": true, "max_length": null, "options": ["农药（限制使用农药除外）", "农药（含限制使用农药）"]},
    {"key": "storage_area", "label": "仓储场所面积（平方米）", "type": "number", "required": true, "max_length": null, "options": null},
    {"key": "contact_phone", "label": "联系电话", "type": "phone", "required": true, "max_length": null, "options": null}
  ]',
  '[
    {"name": "垦利区政务服务中心综合受理窗口", "address": "东营市垦利区民丰路195号垦利区政务服务中心二楼", "phone": "0546-2521627", "hours": "周一至周五 9:00-12:00, 13:30-17:00"}
  ]',
  1, '2026-01-05 09:00:00');

-- Parallel departments (并联审批): they review at the same time as the lead department.
INSERT INTO item_parallel_depts (item_code, dept_id) VALUES
  ('370500-XZSP-XK-001', 5),
  ('370500-XZSP-XK-001', 8),
  ('370500-XZSP-XK-001', 9),
  ('370500-XZSP-XK-001', 13);

-- Demo staff, password `demo-2026` for every account (Argon2id, PHC string from the argon2 CLI).
INSERT INTO staff (username, password_hash, name, dept_id, roles, active, created_at) VALUES
  ('clerk1', '$argon2id$v=19$m=32768,t=2,p=1$QzZRWWlFVFRVTmlwUHd0Vw$A5ju/ipGPL7F12jGHhGWYzdSUTspIH1MuEJys7uuCuY', '刘晓琳', 1, 'clerk', 1, '2026-01-05 09:00:00'),
  ('reviewer1', '$argon2id$v=19$m=32768,t=2,p=1$SHFlVFlKQlNGS1o2dFNGZg$cWsIzOtE54NbT2v6LMIwgjmSaImoAjqjOGgViVgpIu4', '王建国', 1, 'reviewer', 1, '2026-01-05 09:00:00'),
  ('clerk2', '$argon2id$v=19$m=32768,t=2,p=1$bTRocU1JQUVvMHdmYTA1eA$D+/QW1t5Qm3p66D2ZehFGF3+1m1vwnFuI8XOFKG/klU', '陈思远', 2, 'clerk', 1, '2026-01-05 09:00:00'),
  ('reviewer2', '$argon2id$v=19$m=32768,t=2,p=1$Q0ROUEhLc2N5cnZmUmVSRw$lJucRn3NrqjdSd7I4Pp2b45TPdXHiLuHUCVMQLaVm1s', '李秀英', 2, 'reviewer', 1, '2026-01-05 09:00:00'),
  ('clerk3', '$argon2id$v=19$m=32768,t=2,p=1$U0ZyUDhwc2lwWHpVYWVPOQ$hkwuiK/W0WJtHGwgsfL7FL8xz+zKlQM6gGbiLbijWUk', '赵志强', 3, 'clerk', 1, '2026-01-05 09:00:00'),
  ('reviewer3', '$argon2id$v=19$m=32768,t=2,p=1$dFc3OWZqNEg5TWVpZ0dwZg$Jk4GL1JMBgO5L42bpkYQ3xCGFRM5smnYMQJyXtVF1kU', '孙丽娟', 3, 'reviewer', 1, '2026-01-05 09:00:00'),
  ('clerk4', '$argon2id$v=19$m=32768,t=2,p=1$UVRYUnU4bkVlZ3ZKTklWUg$abi6VyPqCG4f9V1j36oaiklAQ14tPGMu23LQO6/+m5o', '周文静', 4, 'clerk', 1, '2026-01-05 09:00:00'),
  ('reviewer4', '$argon2id$v=19$m=32768,t=2,p=1$VjVoeWFKSjA5N3NlaDU5cA$o7PaFMBNbxh3XjaEddjaGmaKpCcdt1k+7iSXv7wQymU', '吴海涛', 4, 'reviewer', 1, '2026-01-05 09:00:00'),
  ('clerk5', '$argon2id$v=19$m=32768,t=2,p=1$UjMyVE9JaWZvbE15WFZGRw$O85AAASB+jjEjVU08CcHq7tHzA+MJ2/lqCBwMSNFR7U', '郑雅琪', 5, 'clerk', 1, '2026-01-05 09:00:00'),
  ('reviewer5', '$argon2id$v=19$m=32768,t=2,p=1$emlOVGoxSFZUSkJLMm1QNA$E9XEhgX5M/9H7PwKqVroQIhsfUsWCCzwNuSshHqXa34', '马国栋', 5, 'reviewer', 1, '2026-01-05 09:00:00'),
  ('supervisor', '$argon2id$v=19$m=32768,t=2,p=1$R3JwTkZXTWdmblNmSjF4Ug$MEXX5FdUtC33W0S8A66XP5IIx0MocNJOOEjGFRMtH6A', '黄振华', 1, 'supervisor', 1, '2026-01-05 09:00:00');

-- The catalogue changed: invalidate every cached entry.
UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1;

COMMIT;
