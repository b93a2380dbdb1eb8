# Sourced by bench/ats scripts: compiles core and the ats trainer (main + tests) offline and sets CP
# to the ats module's test classpath.
mvn -q -o -pl trainers/ats -am test-compile
mvn -q -o -pl trainers/ats dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/trainers/ats/target/test-cp.txt"
# the reactor's own core, not the shared ~/.m2 copy that other worktrees overwrite
CP="trainers/ats/target/test-classes:trainers/ats/target/classes:core/target/classes:$(cat trainers/ats/target/test-cp.txt)"
