// network: degree, betweenness, board load and sector brokerage of partners and posts; density.
// part: the board load of every partner and post: seats (the bodies it sits on or chairs, one seat a body; a partner's seats add those of the posts it employs) and bodies (the distinct bodies it reaches itself or through its posts). Not degree, betweenness, brokerage or density, which the Python answer works out on the membership graph with igraph.
// dialect: Ladybug ((a:Partner:Post) means Partner or Post; in Neo4j write MATCH (a) WHERE a:Partner OR a:Post; size(list_distinct(list_concat(own, through_posts))) is size(apoc.coll.toSet(own + through_posts)) there)
MATCH (a:Partner:Post)
OPTIONAL MATCH (a)-[:MEMBER_OF|CHAIRS]->(b:Board:SubGroup)
WITH a, collect(DISTINCT b.id) AS own
OPTIONAL MATCH (a)-[:EMPLOYS]->(post:Post)
OPTIONAL MATCH (post)-[:MEMBER_OF|CHAIRS]->(pb:Board:SubGroup)
WITH a, own, post, count(DISTINCT pb) AS post_seats
WITH a, own, sum(post_seats) AS post_seats
OPTIONAL MATCH (a)-[:EMPLOYS]->(:Post)-[:MEMBER_OF|CHAIRS]->(r:Board:SubGroup)
WITH a, own, post_seats, collect(DISTINCT r.id) AS through_posts
RETURN a.id AS id, a.name AS name, size(own) + post_seats AS seats,
       size(list_distinct(list_concat(own, through_posts))) AS bodies
ORDER BY seats DESC, id
