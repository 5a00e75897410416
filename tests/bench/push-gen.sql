-- tests/bench/push-gen.sql: the generator of tests/bench/push.sh. Run as the administrative
-- account over the socket, on a fresh database after the migrations and the demo catalogue
-- and staff (sql/demo/010_catalog_demo.sql), before pushd starts:
--
--   { echo 'SET @gen_apps = 20000, @gen_per_app = 5, @gen_live = 1500;';
--     cat tests/bench/push-gen.sql; } | mariadb ... yiwang
--
-- It writes what lib/workflow.c and the notify app would have left behind:
--   citizens  @gen_citizens (5000), phones 1991xxxxxxx, real-name verified, no WeChat openid
--             (so a status change makes one outbox row, on the 'app' channel), each with one
--             device (ios / android / harmony in turn, a 64-hex-digit token)
--   backlog   @gen_apps applications with @gen_per_app status changes each: for every change
--             its inbox row (notifications, the title and body workflow.c writes) and its
--             pending outbox row on the 'app' channel, @gen_apps * @gen_per_app in all. The
--             changes are laid out as they would have piled up during an outage of the
--             gateway: the k-th change of every application comes before any (k+1)-th one,
--             created_at = next_at rising with the id over the last hour; so pushd can claim
--             each application's first change at once and its next one only once the
--             previous one is delivered (its order per application and channel)
--   live      @gen_live applications 'submitted' (version 2) in department 1 (items without
--             parallel departments), queue pre_review due in 5 days: the ones push.sh has
--             clerk1 accept at a steady rate through the API during the latency phase
-- Applications' citizens are drawn in turn; applications are in their department's items in
-- turn. Nothing is disabled (foreign keys, unique and CHECK constraints, durability).
-- Refuses to run twice on the same database (citizens 1991... exist).
--
-- The last result is one line read by push.sh:
--   GEN backlog=<outbox rows> apps=<n> per_app=<k> live=<n> citizens=<n> devices=<n>
--       first_live=<application id> last_live=<application id>

SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci;
SET @gen_apps = COALESCE(@gen_apps, 20000);
SET @gen_per_app = COALESCE(@gen_per_app, 5);
SET @gen_live = COALESCE(@gen_live, 1500);
SET @gen_citizens = COALESCE(@gen_citizens, 5000);
SET @gen_now = UTC_TIMESTAMP(6);
SET @gen_total = @gen_apps * @gen_per_app;

DELIMITER //
BEGIN NOT ATOMIC
  IF EXISTS (SELECT 1 FROM citizens WHERE phone LIKE '1991%') THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'push-gen.sql: already loaded (citizens 1991...): use a fresh database';
  END IF;
  IF @gen_apps < 1 OR @gen_per_app < 1 OR @gen_per_app > 50 OR @gen_citizens < 1 OR
     @gen_citizens > 9999999 OR @gen_total > 10000000 OR @gen_live < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'push-gen.sql: sizes out of range';
  END IF;
END //
DELIMITER ;

-- --- citizens and their devices -----------------------------------------------------------------
SET @gen_c0 = (SELECT CAST(COALESCE(MAX(id), 0) AS UNSIGNED) FROM citizens);
INSERT INTO citizens (id, phone, real_name_verified, name_masked, id_number_masked, verified_at,
  created_at, updated_at)
SELECT @gen_c0 + seq, CONCAT('1991', LPAD(seq, 7, '0')), 1,
  CONCAT(ELT(1 + seq % 8, '张', '王', '李', '赵', '刘', '陈', '杨', '黄'), '*'),
  CONCAT('3705', REPEAT('*', 10), LPAD(seq % 1000, 3, '0'), IF(seq % 11 = 0, 'X', seq % 10)),
  @gen_now - INTERVAL 400 DAY, @gen_now - INTERVAL 400 DAY, @gen_now - INTERVAL 400 DAY
FROM seq_1_to_10000000 WHERE seq <= @gen_citizens;
INSERT INTO devices (citizen_id, platform, token, created_at, updated_at)
SELECT @gen_c0 + seq, ELT(1 + seq % 3, 'ios', 'android', 'harmony'),
  SHA2(CONCAT('yiwang-push-bench-', seq), 256), @gen_now - INTERVAL 30 DAY,
  @gen_now - INTERVAL 30 DAY
FROM seq_1_to_10000000 WHERE seq <= @gen_citizens;

-- --- the items, numbered ---------------------------------------------------------------------------
DROP TEMPORARY TABLE IF EXISTS gen_items;
CREATE TEMPORARY TABLE gen_items (
  idx  INT NOT NULL PRIMARY KEY,
  code VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  dept_id BIGINT UNSIGNED NOT NULL,
  p    INT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO gen_items
SELECT ROW_NUMBER() OVER (ORDER BY code) - 1, code, name, dept_id, promised_days
FROM items WHERE depth >= 2;
SET @gen_nitems = (SELECT COUNT(*) FROM gen_items);
DROP TEMPORARY TABLE IF EXISTS gen_live_items;
CREATE TEMPORARY TABLE gen_live_items (
  idx  INT NOT NULL PRIMARY KEY,
  code VARCHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO gen_live_items
SELECT ROW_NUMBER() OVER (ORDER BY code) - 1, code FROM items i
WHERE i.dept_id = 1 AND i.depth >= 2
  AND NOT EXISTS (SELECT 1 FROM item_parallel_depts p WHERE p.item_code = i.code);
SET @gen_nlive_items = (SELECT COUNT(*) FROM gen_live_items);

-- --- the backlog's applications (accepted; their history is the outbox below) ---------------------
SET @gen_a0 = (SELECT CAST(COALESCE(MAX(id), 0) AS UNSIGNED) FROM applications);
INSERT INTO applications (id, number, citizen_id, item_code, dept_id, promised_days, status,
  version, form, submitted_at, accepted_at, created_at, updated_at)
SELECT @gen_a0 + s.seq,
  CONCAT('DY', DATE_FORMAT(@gen_now + INTERVAL 8 HOUR, '%Y%m%d'), LPAD(@gen_a0 + s.seq, 8, '0')),
  @gen_c0 + 1 + (s.seq - 1) % @gen_citizens, it.code, it.dept_id, it.p, 'accepted', 3,
  CONCAT('{"applicant":"申请人', s.seq, '","note":"push benchmark"}'),
  @gen_now - INTERVAL 2 HOUR, @gen_now - INTERVAL 1 HOUR, @gen_now - INTERVAL 3 HOUR,
  @gen_now - INTERVAL 1 HOUR
FROM seq_1_to_10000000 s STRAIGHT_JOIN gen_items it ON it.idx = (s.seq - 1) % @gen_nitems
WHERE s.seq <= @gen_apps;

-- --- inbox and outbox: change k (1..@gen_per_app) of application i is row (k-1)*@gen_apps + i ------
SET @gen_n0 = (SELECT CAST(COALESCE(MAX(id), 0) AS UNSIGNED) FROM notifications);
SET @gen_o0 = (SELECT CAST(COALESCE(MAX(id), 0) AS UNSIGNED) FROM outbox);
INSERT INTO notifications (id, citizen_id, application_id, at, kind, status, title, body)
SELECT @gen_n0 + s.seq, a.citizen_id, a.id,
  @gen_now - INTERVAL 3600 SECOND + INTERVAL (s.seq * 3600000000 DIV @gen_total) MICROSECOND,
  'status', ELT(1 + (s.seq - 1) DIV @gen_apps % 5, 'submitted', 'accepted', 'suspended', 'accepted', 'completed'),
  '办件进度通知',
  CONCAT('您申请的“', it.name, '”（', a.number, '）',
    ELT(1 + (s.seq - 1) DIV @gen_apps % 5, '已提交', '已受理', '已中止', '已受理', '已办结'), '。')
FROM seq_1_to_10000000 s
STRAIGHT_JOIN applications a ON a.id = @gen_a0 + 1 + (s.seq - 1) % @gen_apps
STRAIGHT_JOIN gen_items it ON it.code = a.item_code
WHERE s.seq <= @gen_total;
INSERT INTO outbox (id, application_id, citizen_id, notification_id, channel, status, state,
  attempts, next_at, created_at)
SELECT @gen_o0 + n.id - @gen_n0, n.application_id, n.citizen_id, n.id, 'app', n.status, 'pending',
  0, n.at, n.at
FROM notifications n WHERE n.id > @gen_n0;

-- --- the live set: submitted in department 1, for clerk1 to accept ----------------------------------
INSERT INTO applications (id, number, citizen_id, item_code, dept_id, status, version, form,
  submitted_at, accept_by, created_at, updated_at, queue, queue_at)
SELECT @gen_a0 + @gen_apps + s.seq,
  CONCAT('DY', DATE_FORMAT(@gen_now + INTERVAL 8 HOUR, '%Y%m%d'), LPAD(@gen_a0 + @gen_apps + s.seq, 8, '0')),
  @gen_c0 + 1 + (@gen_apps + s.seq - 1) % @gen_citizens, li.code, 1, 'submitted', 2,
  CONCAT('{"applicant":"申请人', @gen_apps + s.seq, '","note":"push benchmark"}'),
  @gen_now - INTERVAL 10 MINUTE, @gen_now + INTERVAL 5 DAY, @gen_now - INTERVAL 20 MINUTE,
  @gen_now - INTERVAL 10 MINUTE, 'pre_review', @gen_now + INTERVAL 5 DAY
FROM seq_1_to_10000000 s STRAIGHT_JOIN gen_live_items li ON li.idx = (s.seq - 1) % @gen_nlive_items
WHERE s.seq <= @gen_live;
-- The counter workflow.c keeps for what is in progress (the live ones were submitted).
INSERT INTO supervision_open (dept_id, shard, in_progress)
SELECT 1, id % 16, COUNT(*) FROM applications WHERE id > @gen_a0 + @gen_apps GROUP BY id % 16
ON DUPLICATE KEY UPDATE in_progress = in_progress + VALUES(in_progress);

DROP TEMPORARY TABLE gen_items;
DROP TEMPORARY TABLE gen_live_items;
ANALYZE TABLE outbox, notifications, applications, devices, citizens;

SELECT CONCAT('GEN backlog=', (SELECT COUNT(*) FROM outbox WHERE id > @gen_o0 AND state = 'pending'),
  ' apps=', @gen_apps, ' per_app=', @gen_per_app,
  ' live=', (SELECT COUNT(*) FROM applications WHERE id > @gen_a0 + @gen_apps AND status = 'submitted'),
  ' citizens=', (SELECT COUNT(*) FROM citizens WHERE phone LIKE '1991%'),
  ' devices=', (SELECT COUNT(*) FROM devices d JOIN citizens c ON c.id = d.citizen_id WHERE c.phone LIKE '1991%'),
  ' first_live=', @gen_a0 + @gen_apps + 1, ' last_live=', @gen_a0 + @gen_apps + @gen_live);
