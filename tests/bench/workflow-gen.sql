-- tests/bench/workflow-gen.sql: the generator of tests/bench/workflow.sh. Loads @gen_n
-- applications into the database `yiwang` (and the citizens they belong to), with the
-- statutory clocks, queues, parallel opinions and supervision counters the workflow code
-- (fcgi-apps/lib/workflow.c) would have written for them; no timeline, inbox, outbox or
-- audit rows. Run as the administrative account over the socket, after the migrations and
-- the demo catalogue (sql/demo/010_catalog_demo.sql: items and departments 1-15):
--
--   { echo 'SET @gen_n = 1000000;'; cat tests/bench/workflow-gen.sql; } | mariadb ... yiwang
--
-- It first deletes what a previous run loaded (every application and parallel opinion, the
-- citizens whose phone starts with 1990, the supervision counters), so that it can be run
-- again on the same database; it fails (foreign keys) on a database where the apps have
-- written timelines, materials or notifications. Scratch tables live in the database
-- ywbench_gen, dropped at the end. Deterministic: the i-th application's draws come from
-- SHA2(i), so a given @gen_n always gives the same statuses, departments and items; only
-- the dates move with the real time of the load.
--
-- The distribution (tests/bench/README.md says why):
--   active    @gen_active = LEAST(6000, ROUND(0.6 * @gen_n)) applications, the highest ids,
--             around now: 35 % submitted (in the last 4 days; queue pre_review, queue_at =
--             accept_by, always in the future, so that no deemed acceptance is due), 6 %
--             supplement_required, 52 % accepted (accepted 0..promised_days-1 working days
--             ago, 4 % of them 1..3 working days past their due date; queue review,
--             queue_at = due_at), 4 % suspended (queue review), 3 % drafts
--   history   the rest, ids in the order of their decision, decided on the working days of
--             the last 730 days: 80 % completed and 3 % denied (accepted, decided
--             0..promised_days working days later, 5 % of them 1..3 working days late),
--             7 % rejected and 8 % withdrawn before acceptance, 2 % abandoned drafts
--   departments  60 % of the applications in departments 1-5 (12 % each, the five with
--             demo staff), 4 % in each of 6-15; within a department, an item drawn evenly
--             among its online items (depth 2 and 3)
--   citizens  LEAST(5000, @gen_n), phones 1990xxxxxxx, real-name verified (masked data only)

SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci;
SET @gen_n = COALESCE(@gen_n, 1000);
SET @gen_active = LEAST(6000, ROUND(0.6 * @gen_n));
SET @gen_hist = @gen_n - @gen_active;
SET @gen_citizens = LEAST(5000, @gen_n);
SET @gen_now = UTC_TIMESTAMP(6);
SET @gen_today = DATE(@gen_now + INTERVAL 8 HOUR);
SET @gen_chunk = 100000;

-- --- what a previous run loaded ---------------------------------------------------------------
DELETE FROM application_opinions;
DELETE FROM applications;
DELETE FROM citizens WHERE phone LIKE '1990%';
DELETE FROM supervision_open;
DELETE FROM supervision_clock;
DELETE FROM supervision_daily;
DELETE FROM supervision_total;

-- --- scratch tables ---------------------------------------------------------------------------
DROP DATABASE IF EXISTS ywbench_gen;
CREATE DATABASE ywbench_gen;

-- The working-day calendar as the apps see it (weekends off, calendar_days overrides), from
-- 800 days ago to 200 days ahead; k = the number of working days up to and including d. With
-- W(k) the working day numbered k: the n-th working day after d is W(k(d) + n), the n-th
-- before d is W(k(d) - wd(d) - n + 1), and the working days in (a, b] number k(b) - k(a).
CREATE TABLE ywbench_gen.days (
  d  DATE    NOT NULL PRIMARY KEY,
  wd TINYINT NOT NULL,
  k  INT     NOT NULL
) ENGINE=InnoDB;
INSERT INTO ywbench_gen.days (d, wd, k)
SELECT d, wd, SUM(wd) OVER (ORDER BY d)
FROM (SELECT s.d, COALESCE(c.workday, DAYOFWEEK(s.d) NOT IN (1, 7)) AS wd
      FROM (SELECT @gen_today - INTERVAL 800 DAY + INTERVAL seq DAY AS d FROM seq_0_to_1000) s
      LEFT JOIN calendar_days c ON c.day = s.d) x;
CREATE TABLE ywbench_gen.workdays (k INT NOT NULL PRIMARY KEY, d DATE NOT NULL) ENGINE=InnoDB;
INSERT INTO ywbench_gen.workdays (k, d) SELECT k, d FROM ywbench_gen.days WHERE wd = 1;
SET @gen_k_today = (SELECT k FROM ywbench_gen.days WHERE d = @gen_today);

-- The decision days of the history: the working days of the last 730 days, numbered from 0.
CREATE TABLE ywbench_gen.hdays (j INT NOT NULL PRIMARY KEY, k INT NOT NULL, d DATE NOT NULL) ENGINE=InnoDB;
INSERT INTO ywbench_gen.hdays (j, k, d)
SELECT ROW_NUMBER() OVER (ORDER BY d) - 1, k, d FROM ywbench_gen.days
WHERE wd = 1 AND d >= @gen_today - INTERVAL 730 DAY AND d < @gen_today;
SET @gen_hdays = (SELECT COUNT(*) FROM ywbench_gen.hdays);

-- Department of a draw x in 0..99, and the online items of each department.
CREATE TABLE ywbench_gen.dbucket (x INT NOT NULL PRIMARY KEY, dept_id BIGINT UNSIGNED NOT NULL) ENGINE=InnoDB;
INSERT INTO ywbench_gen.dbucket (x, dept_id)
SELECT seq, IF(seq < 60, 1 + seq DIV 12, 6 + (seq - 60) DIV 4) FROM seq_0_to_99;
CREATE TABLE ywbench_gen.items (
  dept_id BIGINT UNSIGNED NOT NULL,
  idx     INT             NOT NULL,
  code    VARCHAR(64)     NOT NULL,
  p       INT             NOT NULL,
  PRIMARY KEY (dept_id, idx)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO ywbench_gen.items (dept_id, idx, code, p)
SELECT dept_id, ROW_NUMBER() OVER (PARTITION BY dept_id ORDER BY code) - 1, code, promised_days
FROM items WHERE depth >= 2 AND dept_id BETWEEN 1 AND 15;
CREATE TABLE ywbench_gen.depts (dept_id BIGINT UNSIGNED NOT NULL PRIMARY KEY, cnt INT NOT NULL) ENGINE=InnoDB;
INSERT INTO ywbench_gen.depts SELECT dept_id, COUNT(*) FROM ywbench_gen.items GROUP BY dept_id;

-- --- citizens ---------------------------------------------------------------------------------
SET @gen_c0 = (SELECT COALESCE(MAX(id), 0) FROM citizens);
INSERT INTO citizens (id, phone, real_name_verified, name_masked, id_number_masked, verified_at,
  created_at, updated_at)
SELECT @gen_c0 + seq, CONCAT('1990', LPAD(seq, 7, '0')), 1,
  CONCAT(ELT(1 + seq % 8, '张', '王', '李', '赵', '刘', '陈', '杨', '黄'), '*'),
  CONCAT('3705', REPEAT('*', 10), LPAD(seq % 1000, 3, '0'), IF(seq % 11 = 0, 'X', seq % 10)),
  @gen_now - INTERVAL 800 DAY, @gen_now - INTERVAL 800 DAY, @gen_now - INTERVAL 800 DAY
FROM seq_1_to_5000 WHERE seq <= @gen_citizens;

-- --- the history: decided applications, in chunks -----------------------------------------------
-- Draws of the i-th application: h1 status, h2 department, h3 item, h4 days / lateness,
-- h5 time of day, h6 citizen, h7 minutes between creation, submission and acceptance.
DELIMITER //
BEGIN NOT ATOMIC
  DECLARE lo BIGINT DEFAULT 1;
  WHILE lo <= @gen_hist DO
    INSERT INTO applications (id, number, citizen_id, item_code, dept_id, promised_days, status,
      version, form, supplement, result, submitted_at, accepted_at, accept_by, due_at, yellow_at,
      extended_days, suspended_at, decided_at, created_at, updated_at, first_supplement, queue,
      queue_at, working_days_used)
    SELECT b.i,
      CONCAT('DY', DATE_FORMAT(b.created_at + INTERVAL 8 HOUR, '%Y%m%d'), LPAD(b.i, 8, '0')),
      @gen_c0 + 1 + b.h6 % @gen_citizens, b.code, b.dept_id,
      IF(b.clock, b.p, NULL), b.status,
      CASE b.status WHEN 'draft' THEN 1 WHEN 'completed' THEN 4 WHEN 'denied' THEN 4 ELSE 3 END,
      CONCAT('{"applicant":"申请人', b.i, '","contact_phone":"1390546', LPAD(b.i % 10000, 4, '0'),
        '","address":"东营市东营区府前大街', 1 + b.i % 200, '号","note":"网上申报"}'),
      NULL,
      CASE b.status
        WHEN 'completed' THEN CONCAT('{"license_no":"DYXK', LPAD(b.i, 10, '0'), '","note":""}')
        WHEN 'denied' THEN '{"reason":"不符合法定条件","legal_basis":"《中华人民共和国行政许可法》第三十八条第二款"}'
        WHEN 'rejected' THEN '{"reason":"申请事项不属于本机关职权范围","legal_basis":"《中华人民共和国行政许可法》第三十二条第一款"}'
      END,
      IF(b.status = 'draft', NULL, b.submitted_at), IF(b.clock, b.accepted_at, NULL), NULL,
      IF(b.clock, TIMESTAMP(wdue.d, '15:59:59'), NULL),
      IF(b.clock, TIMESTAMP(wy.d) - INTERVAL 8 HOUR, NULL),
      NULL, NULL, IF(b.status = 'draft', NULL, b.decided_at), b.created_at,
      IF(b.status = 'draft', b.created_at, b.decided_at), NULL, NULL, NULL,
      IF(b.clock, b.u, NULL)
    FROM (
      SELECT a.*,
        IF(a.clock, a.accepted_at - INTERVAL (1 + a.h7 % 4000) MINUTE,
          a.decided_at - INTERVAL (1 + a.h7 % 6000) MINUTE) AS submitted_at,
        IF(a.clock, a.accepted_at - INTERVAL (1 + a.h7 % 4000) MINUTE,
          a.decided_at - INTERVAL (1 + a.h7 % 6000) MINUTE) - INTERVAL 10 MINUTE AS created_at
      FROM (
        SELECT r.*, wdec.d AS dec_d,
          TIMESTAMP(wdec.d) - INTERVAL 8 HOUR + INTERVAL (9 * 3600 + r.h5 % 28800) SECOND AS decided_at,
          LEAST(TIMESTAMP(wacc.d) - INTERVAL 8 HOUR + INTERVAL (9 * 3600 + (r.h5 DIV 28800) % 28800) SECOND,
            TIMESTAMP(wdec.d) - INTERVAL 8 HOUR + INTERVAL (9 * 3600 + r.h5 % 28800) SECOND - INTERVAL 1 MINUTE) AS accepted_at
        FROM (
          SELECT q.*, hd.k AS k_dec,
            IF(q.h4 % 100 < 95, (q.h4 DIV 100) % (q.p + 1), q.p + 1 + (q.h4 DIV 100) % 3) AS u,
            q.status IN ('completed', 'denied') AS clock
          FROM (
            SELECT h.i, h.h4, h.h5, h.h6, h.h7, it.code, it.dept_id, it.p,
              CASE WHEN h.h1 % 100 < 80 THEN 'completed' WHEN h.h1 % 100 < 83 THEN 'denied'
                   WHEN h.h1 % 100 < 90 THEN 'rejected' WHEN h.h1 % 100 < 98 THEN 'withdrawn'
                   ELSE 'draft' END AS status
            FROM (
              SELECT m.i, CONV(SUBSTR(m.m, 1, 8), 16, 10) + 0 AS h1,
                CONV(SUBSTR(m.m, 9, 8), 16, 10) % 100 AS h2, CONV(SUBSTR(m.m, 17, 8), 16, 10) + 0 AS h3,
                CONV(SUBSTR(m.m, 25, 8), 16, 10) + 0 AS h4, CONV(SUBSTR(m.m, 33, 8), 16, 10) + 0 AS h5,
                CONV(SUBSTR(m.m, 41, 8), 16, 10) + 0 AS h6, CONV(SUBSTR(m.m, 49, 8), 16, 10) + 0 AS h7
              FROM (SELECT seq AS i, SHA2(CONCAT('yiwang-bench-', seq), 256) AS m
                    FROM seq_1_to_100000000 WHERE seq BETWEEN lo AND LEAST(lo + @gen_chunk - 1, @gen_hist)) m
            ) h
            JOIN ywbench_gen.dbucket db ON db.x = h.h2
            JOIN ywbench_gen.depts dp ON dp.dept_id = db.dept_id
            JOIN ywbench_gen.items it ON it.dept_id = db.dept_id AND it.idx = h.h3 % dp.cnt
          ) q
          JOIN ywbench_gen.hdays hd ON hd.j = FLOOR((q.i - 1) * @gen_hdays / @gen_hist)
        ) r
        JOIN ywbench_gen.workdays wdec ON wdec.k = r.k_dec
        JOIN ywbench_gen.workdays wacc ON wacc.k = r.k_dec - IF(r.clock, r.u, 0)
      ) a
    ) b
    LEFT JOIN ywbench_gen.workdays wdue ON wdue.k = b.k_dec - b.u + b.p
    LEFT JOIN ywbench_gen.workdays wy ON wy.k = b.k_dec - b.u + b.p - GREATEST(1, CEIL(b.p / 5));
    SET lo = lo + @gen_chunk;
  END WHILE;
END //
DELIMITER ;

-- --- the active working set, around now ---------------------------------------------------------
-- r: how many working days ago an accepted or suspended application was accepted.
INSERT INTO applications (id, number, citizen_id, item_code, dept_id, promised_days, status,
  version, form, supplement, result, submitted_at, accepted_at, accept_by, due_at, yellow_at,
  extended_days, suspended_at, decided_at, created_at, updated_at, first_supplement, queue,
  queue_at, working_days_used)
SELECT c.i,
  CONCAT('DY', DATE_FORMAT(c.created_at + INTERVAL 8 HOUR, '%Y%m%d'), LPAD(c.i, 8, '0')),
  @gen_c0 + 1 + c.h6 % @gen_citizens, c.code, c.dept_id,
  IF(c.clock, c.p, NULL), c.status,
  CASE c.status WHEN 'draft' THEN 1 WHEN 'submitted' THEN 2 WHEN 'suspended' THEN 4 ELSE 3 END,
  CONCAT('{"applicant":"申请人', c.i, '","contact_phone":"1390546', LPAD(c.i % 10000, 4, '0'),
    '","address":"东营市东营区府前大街', 1 + c.i % 200, '号","note":"网上申报"}'),
  IF(c.status = 'supplement_required',
    CONCAT('{"materials":["m1"],"note":"请补正申请表签字页","requested_at":"',
      DATE_FORMAT(c.submitted_at + INTERVAL 1 DAY + INTERVAL 8 HOUR, '%Y-%m-%dT%H:%i:%s+08:00'), '"}'),
    NULL),
  NULL,
  IF(c.status = 'draft', NULL, c.submitted_at), IF(c.clock, c.accepted_at, NULL),
  IF(c.status = 'submitted', TIMESTAMP(wab.d, '15:59:59'), NULL),
  IF(c.clock, TIMESTAMP(wdue.d, '15:59:59'), NULL),
  IF(c.clock, TIMESTAMP(wy.d) - INTERVAL 8 HOUR, NULL),
  NULL,
  IF(c.status = 'suspended',
    c.accepted_at + INTERVAL (TIMESTAMPDIFF(SECOND, c.accepted_at, @gen_now) DIV 2) SECOND, NULL),
  NULL, c.created_at,
  CASE c.status WHEN 'supplement_required' THEN c.submitted_at + INTERVAL 1 DAY
    WHEN 'accepted' THEN c.accepted_at
    WHEN 'suspended' THEN c.accepted_at + INTERVAL (TIMESTAMPDIFF(SECOND, c.accepted_at, @gen_now) DIV 2) SECOND
    WHEN 'draft' THEN c.created_at ELSE c.submitted_at END,
  IF(c.status = 'supplement_required', '["m1"]', NULL),
  CASE WHEN c.status = 'submitted' THEN 'pre_review' WHEN c.clock THEN 'review' END,
  CASE WHEN c.status = 'submitted' THEN TIMESTAMP(wab.d, '15:59:59')
    WHEN c.clock THEN TIMESTAMP(wdue.d, '15:59:59') END,
  NULL
FROM (
  SELECT b.*,
    IF(b.status = 'draft', @gen_now - INTERVAL (1 + b.h7 % 14400) MINUTE,
      b.submitted_at - INTERVAL 10 MINUTE) AS created_at,
    ds.k AS k_sub, dacc.k AS k_acc
  FROM (
    SELECT a.*,
      CASE WHEN a.clock THEN a.accepted_at - INTERVAL (1 + a.h7 % 4000) MINUTE
        WHEN a.status = 'supplement_required' THEN @gen_now - INTERVAL (1440 + a.h7 % 12960) MINUTE
        ELSE @gen_now - INTERVAL (1 + a.h7 % 5760) MINUTE END AS submitted_at
    FROM (
      SELECT q.*, wacc.d AS acc_d,
        LEAST(TIMESTAMP(wacc.d) - INTERVAL 8 HOUR + INTERVAL (9 * 3600 + q.h5 % 28800) SECOND,
          @gen_now - INTERVAL 1 MINUTE) AS accepted_at
      FROM (
        SELECT h.i, h.h5, h.h6, h.h7, it.code, it.dept_id, it.p,
          IF(h.h4 % 100 < 96 OR h.h1 % 100 >= 93, (h.h4 DIV 100) % it.p,
            it.p + 1 + (h.h4 DIV 100) % 3) AS r,
          CASE WHEN h.h1 % 100 < 35 THEN 'submitted' WHEN h.h1 % 100 < 41 THEN 'supplement_required'
               WHEN h.h1 % 100 < 93 THEN 'accepted' WHEN h.h1 % 100 < 97 THEN 'suspended'
               ELSE 'draft' END AS status,
          h.h1 % 100 BETWEEN 41 AND 96 AS clock
        FROM (
          SELECT m.i, CONV(SUBSTR(m.m, 1, 8), 16, 10) + 0 AS h1,
            CONV(SUBSTR(m.m, 9, 8), 16, 10) % 100 AS h2, CONV(SUBSTR(m.m, 17, 8), 16, 10) + 0 AS h3,
            CONV(SUBSTR(m.m, 25, 8), 16, 10) + 0 AS h4, CONV(SUBSTR(m.m, 33, 8), 16, 10) + 0 AS h5,
            CONV(SUBSTR(m.m, 41, 8), 16, 10) + 0 AS h6, CONV(SUBSTR(m.m, 49, 8), 16, 10) + 0 AS h7
          FROM (SELECT seq AS i, SHA2(CONCAT('yiwang-bench-', seq), 256) AS m
                FROM seq_1_to_100000000 WHERE seq BETWEEN @gen_hist + 1 AND @gen_n) m
        ) h
        JOIN ywbench_gen.dbucket db ON db.x = h.h2
        JOIN ywbench_gen.depts dp ON dp.dept_id = db.dept_id
        JOIN ywbench_gen.items it ON it.dept_id = db.dept_id AND it.idx = h.h3 % dp.cnt
      ) q
      JOIN ywbench_gen.workdays wacc ON wacc.k = @gen_k_today - q.r
    ) a
  ) b
  JOIN ywbench_gen.days ds ON ds.d = DATE(b.submitted_at + INTERVAL 8 HOUR)
  JOIN ywbench_gen.days dacc ON dacc.d = DATE(b.accepted_at + INTERVAL 8 HOUR)
) c
LEFT JOIN ywbench_gen.workdays wab ON wab.k = c.k_sub + 5
LEFT JOIN ywbench_gen.workdays wdue ON wdue.k = c.k_acc + c.p
LEFT JOIN ywbench_gen.workdays wy ON wy.k = c.k_acc + c.p - GREATEST(1, CEIL(c.p / 5));

-- --- parallel opinions (并联审批) ----------------------------------------------------------------
-- Opened at acceptance; pending with queue_at = due_at while the clock runs (accepted), with
-- no queue_at while suspended or once denied; given (approve) before a completion.
INSERT INTO application_opinions (application_id, dept_id, decision, note, decided_at, queue_at)
SELECT a.id, p.dept_id, IF(a.status = 'completed', 'approve', NULL), '',
  IF(a.status = 'completed',
    a.accepted_at + INTERVAL (TIMESTAMPDIFF(SECOND, a.accepted_at, a.decided_at) DIV 2) SECOND, NULL),
  IF(a.status = 'accepted', a.due_at, NULL)
FROM applications a JOIN item_parallel_depts p ON p.item_code = a.item_code
WHERE a.accepted_at IS NOT NULL;

-- --- supervision counters, as workflow.c keeps them -------------------------------------------
-- supervision_open: +1 at submission, -1 at the final status; one row per (department,
-- id mod 16) that ever had a submission, most of them back at 0 in a long history.
INSERT INTO supervision_open (dept_id, shard, in_progress)
SELECT dept_id, id % 16, SUM(status IN ('submitted', 'supplement_required', 'accepted', 'suspended'))
FROM applications WHERE submitted_at IS NOT NULL GROUP BY dept_id, id % 16;
-- supervision_clock: +1 when a clock starts (acceptance), -1 when it stops; a row that
-- reaches 0 is deleted, so only (department, due date, yellow date) with running clocks
-- have one.
INSERT INTO supervision_clock (dept_id, due_date, yellow_date, n)
SELECT dept_id, DATE(due_at + INTERVAL 8 HOUR), DATE(yellow_at + INTERVAL 8 HOUR), SUM(status = 'accepted')
FROM applications WHERE due_at IS NOT NULL
GROUP BY dept_id, DATE(due_at + INTERVAL 8 HOUR), DATE(yellow_at + INTERVAL 8 HOUR)
HAVING SUM(status = 'accepted') > 0;
-- supervision_daily: approvals and denials by department and Asia/Shanghai decision day.
INSERT INTO supervision_daily (dept_id, day, completed, decided, on_time, working_days)
SELECT dept_id, DATE(decided_at + INTERVAL 8 HOUR), SUM(status = 'completed'), COUNT(*),
  SUM(decided_at <= due_at), SUM(working_days_used)
FROM applications WHERE status IN ('completed', 'denied')
GROUP BY dept_id, DATE(decided_at + INTERVAL 8 HOUR);
-- supervision_total: the same over all time, by department.
INSERT INTO supervision_total (dept_id, completed, decided, on_time, working_days)
SELECT dept_id, SUM(completed), SUM(decided), SUM(on_time), SUM(working_days)
FROM supervision_daily GROUP BY dept_id;

DROP DATABASE ywbench_gen;

-- What was loaded (one line, read by workflow.sh).
SELECT CONCAT('GEN applications=', COUNT(*), ' active=', SUM(status IN ('submitted', 'supplement_required', 'accepted', 'suspended')),
  ' submitted=', SUM(status = 'submitted'), ' accepted=', SUM(status = 'accepted'),
  ' suspended=', SUM(status = 'suspended'), ' final=', SUM(status IN ('completed', 'denied', 'rejected', 'withdrawn')),
  ' citizens=', (SELECT COUNT(*) FROM citizens WHERE phone LIKE '1990%'),
  ' opinions=', (SELECT COUNT(*) FROM application_opinions),
  ' open_rows=', (SELECT COUNT(*) FROM supervision_open),
  ' clock_rows=', (SELECT COUNT(*) FROM supervision_clock),
  ' daily_rows=', (SELECT COUNT(*) FROM supervision_daily))
FROM applications;
