# Sourced by the bench/mim scripts: compiles core and the mim trainer (main + tests) offline and
# sets CP to the classpath that runs the mim benchmark classes.
mvn -q -o -pl trainers/mim -am test-compile
mvn -q -o -pl trainers/mim dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/trainers/mim/target/test-cp.txt"
EXTERNAL="$(tr ':' '\n' < trainers/mim/target/test-cp.txt | grep -v '/dev/effitrain/' | paste -sd:)"
CP="trainers/mim/target/test-classes:trainers/mim/target/classes:core/target/classes:$EXTERNAL"
