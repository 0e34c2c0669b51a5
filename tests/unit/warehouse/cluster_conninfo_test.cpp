// The conninfo the targets "postgres" and "redshift" take from [CLUSTER]:
// without DB_PORT each engine gets its own default port.
#include <gtest/gtest.h>

#include "config/settings.h"
#include "warehouse/open_warehouse.h"

namespace sparkify::warehouse {
namespace {

config::ClusterSettings cluster_without_port() {
  config::ClusterSettings cluster;
  cluster.host = "db.example";
  cluster.db_name = "dwh";
  cluster.db_user = "dwhuser";
  return cluster;
}

TEST(ClusterConninfo, PostgresTargetDefaultsToPort5432) {
  EXPECT_EQ(cluster_conninfo("postgres", cluster_without_port()),
            "host='db.example' port='5432' dbname='dwh' user='dwhuser'");
}

TEST(ClusterConninfo, RedshiftTargetDefaultsToPort5439) {
  EXPECT_EQ(cluster_conninfo("redshift", cluster_without_port()),
            "host='db.example' port='5439' dbname='dwh' user='dwhuser'");
}

TEST(ClusterConninfo, ConfiguredDbPortWinsOnBothEngines) {
  auto cluster = cluster_without_port();
  cluster.db_port = "6543";
  EXPECT_EQ(cluster_conninfo("postgres", cluster), "host='db.example' port='6543' dbname='dwh' user='dwhuser'");
  EXPECT_EQ(cluster_conninfo("redshift", cluster), "host='db.example' port='6543' dbname='dwh' user='dwhuser'");
}

}  // namespace
}  // namespace sparkify::warehouse
