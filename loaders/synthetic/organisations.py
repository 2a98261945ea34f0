"""Building an authority, second stage: partners of every sector, their posts, and the council's units."""

from __future__ import annotations

from collections.abc import Sequence

from graph_model import EdgeType, NodeType

from .base import slug
from .planning import Planning
from .vocabulary import PRIVATE, VOLUNTARY

N = NodeType
E = EdgeType


class Organisations(Planning):
    """Partners with their posts, and the units that support the boards."""

    # -- partners, posts, units

    def organisations(self) -> None:
        p, A = self.p, self.name
        self.posts_of: dict[str, list[str]] = {}
        self.partners: list[str] = []

        def partner(key: str, name: str, sector: str, community: str, parent: str | None = None,
                    titles: Sequence[str] = ()) -> str:
            pid = self.node(N.PARTNER, f"org.{key}", name, sector=sector, community=community)
            self.partners.append(pid)
            if parent:
                self.edge(E.PART_OF, pid, parent)
            self.posts_of[pid] = []
            for t in titles:
                post = self.node(N.POST, f"post.{key}.{slug(t)}", f"{t}, {name}")
                self.edge(E.EMPLOYS, pid, post)
                self.posts_of[pid].append(post)
            return pid

        la, health, edu, vcs, pis = ("Local Authority", "Health Community", "Education Community",
                                     "Voluntary and Community Sector", "Private and Independent Sector")
        self.council = partner("council", f"{A} Council", "local-authority", la,
                               titles=("Chief Executive", "Cabinet Member for Children", "Cabinet Member for Health"))
        self.csd = partner("council.childrens-services", f"{A} Council Children's Services", "local-authority", la,
                           self.council, ("Director of Children's Services", "Assistant Director Commissioning",
                                          "Assistant Director Early Help", "Head of Safeguarding",
                                          "Head of Children in Care", "Head of Youth Services", "Virtual School Head",
                                          "Principal Educational Psychologist"))
        self.finance = partner("council.resources", f"{A} Council Resources", "local-authority", la, self.council,
                               ("Head of Finance", "Head of Procurement", "Head of Legal Services"))
        self.adults = partner("council.adult-services", f"{A} Council Adult Social Care", "local-authority", la,
                              self.council, ("Director of Adult Social Care",))
        self.housing = partner("council.housing", f"{A} Council Housing Services", "local-authority", la,
                               self.council, ("Head of Housing Options",))
        self.public_health = partner("council.public-health", f"{A} Public Health", "health", health, self.council,
                                     ("Director of Public Health", "Consultant in Public Health"))
        self.education = partner("council.education", f"{A} Council Education and Skills", "local-authority", la,
                                 self.council, ("Assistant Director Education", "Head of SEN"))
        self.ccg = partner("ccg", f"{A} Clinical Commissioning Group", "health", health,
                           titles=("Chief Officer", "Chief Nurse", "Head of Children's Commissioning"))
        self.community_trust = partner("community-trust", f"{A} Community Health NHS Trust", "health", health,
                                       titles=("Director of Operations", "Head of Health Visiting and School Nursing"))
        self.mh_trust = partner("mental-health-trust", f"{A} Mental Health NHS Foundation Trust", "health", health,
                                titles=("Clinical Director for CAMHS",))
        self.hospital = partner("hospital", f"{A} Hospitals NHS Foundation Trust", "health", health,
                                titles=("Director of Nursing",))
        self.police = partner("police", f"{A} Police", "police", "Community Safety",
                              titles=("Superintendent for Partnerships", "Detective Inspector, Public Protection"))
        self.fire = partner("fire", f"{A} Fire and Rescue Service", "fire-rescue", "Community Safety",
                            titles=("Community Safety Manager",))
        self.probation = partner("probation", f"{A} Probation Service", "justice", "Community Safety",
                                 titles=("Head of Local Delivery",))
        self.dfe = partner("dfe", f"Department for Education (for {A})", "central-government", "Central Government",
                           titles=("Regional Adviser",))
        self.trust = partner("learning-trust", f"{A} Learning Trust", "education", edu, titles=("Chief Executive",))
        self.schools: list[str] = []
        for d, did in enumerate(self.districts):
            self.schools.append(partner(f"school.d{d + 1}-academy", f"{self.names[did]} Academy", "education", edu,
                                        self.trust, ("Principal", "Special Educational Needs Coordinator")))
            for area in self.areas[did][: p.schools_per_area * p.areas_per_district]:
                key = area.split(".", 1)[1]
                self.schools.append(partner(f"school.{key}", f"{self.names[area]} Primary School", "education", edu,
                                            None, ("Headteacher",)))
        self.college = partner("college", f"{A} College", "education", edu,
                               titles=("Principal", "Vice Principal for Curriculum"))
        self.voluntary = [partner(f"vcs.{slug(t.format(A=''))}", t.format(A=A), "voluntary-community", vcs,
                                  titles=("Chief Executive",) if i % 2 else ("Chief Executive", "Services Manager"))
                          for i, t in enumerate(VOLUNTARY[: p.voluntary])]
        self.private = [partner(f"pvi.{slug(t.format(A=''))}", t.format(A=A), "private-independent", pis,
                                titles=("Managing Director",))
                        for t in PRIVATE[: p.private]]
        self.faith = [partner("faith.diocese", f"Diocese of {A} Board of Education", "faith", "Faith Communities",
                              titles=("Diocesan Director of Education",)),
                      partner("faith.churches", f"Churches Together in {A}", "faith", "Faith Communities",
                              titles=("Coordinator",))]

        def unit(key: str, name: str, host: str, functions: Sequence[str], head: str) -> str:
            uid = self.node(N.UNIT, f"unit.{key}", name, functions=list(functions))
            self.edge(E.PART_OF, uid, host)
            post = self.node(N.POST, f"post.unit.{key}", f"{head}, {name}")
            self.edge(E.EMPLOYS, host, post)
            self.edge(E.PART_OF, post, uid)
            self.posts_of[host].append(post)
            return uid

        self.ctu = unit("childrens-trust", "Children's Trust Unit", self.csd, ("secretariat", "performance"),
                        "Head of Children's Trust Unit")
        self.jcu = unit("joint-commissioning", "Joint Commissioning Unit", self.council, ("commissioning",),
                        "Head of Joint Commissioning")
        self.hub = unit("support-hub", "Commissioning Support Hub", self.council,
                        ("finance", "legal", "HR", "procurement", "audit", "workforce development"), "Hub Manager")
        self.early_help = unit("early-help", "Early Help Team", self.csd, ("key work", "family support"),
                               "Early Help Manager")
        self.units = [self.ctu, self.jcu, self.hub, self.early_help]
        self.all_posts = [post for posts in self.posts_of.values() for post in posts]
        self.key_posts = {
            "dcs": self.posts_of[self.csd][0], "ad-commissioning": self.posts_of[self.csd][1],
            "ad-early-help": self.posts_of[self.csd][2], "lead-member": self.posts_of[self.council][1],
            "health-member": self.posts_of[self.council][2], "dph": self.posts_of[self.public_health][0],
            "ccg": self.posts_of[self.ccg][0], "safeguarding": self.posts_of[self.csd][3],
            "education": self.posts_of[self.education][0],
        }
