-- seed.sql: 40 service items for the benchmark, loaded by tests/bench/run.sh into the stack it
-- started when the catalogue has fewer than 10 items (no demo data). Sizes are close to a real
-- guide: 4 materials, 6 form fields, 2 windows, some parallel departments.
-- Codes are BENCH-001..BENCH-040.

INSERT IGNORE INTO departments (name, region_code, created_at) VALUES
  ('东营市市场监督管理局', '370500', UTC_TIMESTAMP(6)),
  ('东营市自然资源和规划局', '370500', UTC_TIMESTAMP(6)),
  ('东营市民政局', '370500', UTC_TIMESTAMP(6)),
  ('东营市公安局', '370500', UTC_TIMESTAMP(6)),
  ('东营市人力资源和社会保障局', '370500', UTC_TIMESTAMP(6));

INSERT IGNORE INTO items (code, name, kind, dept_id, region_code, depth, legal_days, promised_days,
    visits_required, fee, legal_basis, conditions, materials, form, windows, version, updated_at)
SELECT CONCAT('BENCH-', LPAD(seq, 3, '0')),
       CONCAT(ELT(1 + seq % 8, '企业设立登记', '个体工商户设立登记', '不动产登记', '婚姻登记',
                  '居民身份证换领', '社会保障卡申领', '食品经营许可', '变更登记'), '（', seq, '）'),
       ELT(1 + seq % 3, '行政许可', '行政确认', '公共服务'),
       (SELECT MIN(id) FROM departments) + seq % 5,
       '370500', 1 + seq % 3, 20, 1 + seq % 10, seq % 2, '不收费',
       '《中华人民共和国行政许可法》第二十九条、第三十条；《山东省政务服务管理办法》第十二条',
       '申请人应当具有完全民事行为能力；申请材料齐全、符合法定形式；依法应当经批准的事项已经批准。',
       '[{"id":"m1","name":"申请书","required":true,"copies":1,"formats":["pdf"],"max_bytes":10485760,"note":"须由申请人签字"},{"id":"m2","name":"申请人身份证明","required":true,"copies":1,"formats":["pdf","jpg","png"],"max_bytes":5242880,"note":"正反面"},{"id":"m3","name":"住所使用证明","required":true,"copies":1,"formats":["pdf","jpg"],"max_bytes":10485760,"note":"房产证或租赁合同"},{"id":"m4","name":"授权委托书","required":false,"copies":1,"formats":["pdf"],"max_bytes":10485760,"note":"委托他人办理时提交"}]',
       '[{"key":"applicant_name","label":"申请人姓名","type":"text","required":true,"max_length":50,"options":null},{"key":"id_number","label":"身份证号码","type":"id_number","required":true,"max_length":null,"options":null},{"key":"phone","label":"联系电话","type":"phone","required":true,"max_length":null,"options":null},{"key":"address","label":"联系地址","type":"text","required":false,"max_length":200,"options":null},{"key":"kind","label":"办理类型","type":"select","required":true,"max_length":null,"options":["首次办理","变更","注销"]},{"key":"date","label":"预约日期","type":"date","required":false,"max_length":null,"options":null}]',
       '[{"name":"东营市政务服务中心综合窗口","address":"东营市东营区府前大街55号","phone":"0546-8888888","hours":"周一至周五 9:00-17:00"},{"name":"东营区便民服务中心","address":"东营市东营区西四路100号","phone":"0546-7777777","hours":"周一至周六 9:00-17:00"}]',
       1, '2026-01-05 02:30:00.000000'
FROM seq_1_to_40;

INSERT IGNORE INTO item_parallel_depts (item_code, dept_id)
SELECT CONCAT('BENCH-', LPAD(seq, 3, '0')), (SELECT MIN(id) FROM departments) + (seq + 1) % 5
FROM seq_1_to_40 WHERE seq % 2 = 0;

-- The catalogue's caches notice the change by the generation (as after an admin change).
UPDATE catalog_generation SET generation = generation + 1 WHERE id = 1;
