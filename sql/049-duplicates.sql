-- Finding duplicate contacts: the nicknames the matcher takes for the
-- same given name, and the index its blocking on phone digits uses.
--
-- A nickname and the name it stands for are both folded (sb.fold); the
-- matcher takes a given name for each name it is a nickname of, so that
-- Maggie and Margaret, or Bob and Rob (both Robert), are alike.

CREATE TABLE sb.name_nicknames (
    name text NOT NULL CHECK (name = lower(name) AND name <> ''),
    nickname text NOT NULL CHECK (nickname = lower(nickname)
	AND nickname <> ''),
    PRIMARY KEY (nickname, name)
);

INSERT INTO sb.name_nicknames (name, nickname) VALUES
    ('abigail', 'abby'), ('alexander', 'alex'), ('alexander', 'sandy'),
    ('alexandra', 'alex'), ('alexandra', 'sandra'), ('alfred', 'alf'),
    ('andrew', 'andy'), ('andrew', 'drew'), ('anthony', 'tony'),
    ('barbara', 'barb'), ('benjamin', 'ben'), ('catherine', 'cathy'),
    ('catherine', 'kate'), ('charles', 'charlie'), ('charles', 'chuck'),
    ('christina', 'chris'), ('christine', 'chris'),
    ('christopher', 'chris'), ('daniel', 'dan'), ('daniel', 'danny'),
    ('david', 'dave'), ('deborah', 'debbie'), ('dominic', 'dom'),
    ('donald', 'don'), ('edward', 'ed'), ('edward', 'ted'),
    ('elizabeth', 'beth'), ('elizabeth', 'betty'), ('elizabeth', 'liz'),
    ('elizabeth', 'lisa'), ('frederick', 'fred'), ('gregory', 'greg'),
    ('henry', 'harry'), ('jacob', 'jake'), ('james', 'jim'),
    ('james', 'jimmy'), ('jennifer', 'jen'), ('jennifer', 'jenny'),
    ('jessica', 'jess'), ('john', 'jack'), ('john', 'johnny'),
    ('jonathan', 'jon'), ('joseph', 'joe'), ('katherine', 'kate'),
    ('katherine', 'kathy'), ('kimberley', 'kim'), ('kimberly', 'kim'),
    ('lawrence', 'larry'), ('margaret', 'maggie'), ('margaret', 'meg'),
    ('margaret', 'peggy'), ('matthew', 'matt'), ('michael', 'mick'),
    ('michael', 'mike'), ('nathan', 'nate'), ('nicholas', 'nick'),
    ('patricia', 'pat'), ('patricia', 'trish'), ('patrick', 'pat'),
    ('peter', 'pete'), ('rebecca', 'becky'), ('richard', 'dick'),
    ('richard', 'rick'), ('robert', 'bob'), ('robert', 'rob'),
    ('ronald', 'ron'), ('samantha', 'sam'), ('samuel', 'sam'),
    ('stephen', 'steve'), ('steven', 'steve'), ('susan', 'sue'),
    ('thomas', 'tom'), ('thomas', 'tommy'), ('timothy', 'tim'),
    ('victoria', 'vicky'), ('william', 'bill'), ('william', 'will'),
    ('william', 'liam'), ('zachary', 'zach');

ALTER TABLE sb.name_nicknames ENABLE ROW LEVEL SECURITY;
ALTER TABLE sb.name_nicknames FORCE ROW LEVEL SECURITY;
GRANT SELECT ON sb.name_nicknames TO switchboard_user;

-- The last seven digits of a number: two numbers that share them are
-- likely the same line written with and without its country code.
CREATE INDEX phones_last7 ON sb.phones (right(e164, 7));
