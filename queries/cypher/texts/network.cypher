// network: degree, betweenness, board load and sector brokerage of partners and posts; density.
// part: the board load of every partner and post: seats (the bodies it sits on or chairs, one seat a body; a partner's seats add those of the posts it employs) and bodies (the distinct bodies it reaches itself or through its posts). Not degree, betweenness, brokerage or density, which the Python answer works out on the membership graph with igraph.
// dialect: Ladybug ((a:Partner:Post) means Partner or Post; in Neo4j write MATCH (a) WHERE a:Partner OR a:Post)
MATCH (a:Partner:Post)
OPTIONAL MATCH (a)-[:MEMBER_OF|CHAIRS]->(b:Board:SubGroup)
WITH a, count(DISTINCT b) AS own_seats
OPTIONAL MATCH (a)-[:EMPLOYS]->(post:Post)
OPTIONAL MATCH (post)-[:MEMBER_OF|CHAIRS]->(pb:Board:SubGroup)
WITH a, own_seats, post, count(DISTINCT pb) AS post_seats
WITH a, own_seats, sum(post_seats) AS post_seats
WITH a, own_seats + post_seats AS seats
OPTIONAL MATCH (a)-[:EMPLOYS*0..1]->(x)-[:MEMBER_OF|CHAIRS]->(reached:Board:SubGroup)
RETURN a.id AS id, a.name AS name, seats, count(DISTINCT reached) AS bodies
ORDER BY seats DESC, id
