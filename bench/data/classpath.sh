# Sourced by the bench/data scripts: compiles core (main + tests) offline and sets CP to its test classpath.
mvn -q -o -pl core test-compile
mvn -q -o -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/core/target/test-cp.txt"
CP="core/target/test-classes:core/target/classes:$(cat core/target/test-cp.txt)"
