package dev.effitrain.core.config;

import static dev.effitrain.core.config.RecipeFixture.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set KEY=VALUE}: every form, precedence, and its errors. */
class SetOverrideTest {

    @TempDir
    Path tmp;
    RecipeFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RecipeFixture(tmp);
        fx.write("x.yaml", """
                model: { layers: 2 }
                optimizer: { betas: [0.9, 0.95] }
                train: { duration: 100ba }
                """);
    }

    @Test
    void nestedKeysOverrideTheFile() {
        Recipe r = fx.load("x.yaml", "model.layers=6", "train.duration=2ep", "device=cpu", "seed=42");
        assertEquals(6, r.model().layers());
        assertEquals(new Duration(2, DurationUnit.EP), r.train().duration());
        assertEquals("cpu", r.device());
        assertEquals(42L, r.seed());
    }

    @Test
    void laterSetsWinOverEarlierOnes() {
        assertEquals(8, fx.load("x.yaml", "model.layers=6", "model.layers=8").model().layers());
    }

    @Test
    void listIndexReplacesOneItem() {
        assertEquals(List.of(0.9, 0.99), fx.load("x.yaml", "optimizer.betas[1]=0.99").optimizer().betas());
    }

    @Test
    void listValuesReplaceTheWholeList() {
        assertEquals(List.of(0.8, 0.9), fx.load("x.yaml", "optimizer.betas=[0.8,0.9]").optimizer().betas());
    }

    @Test
    void mappingValuesMergeIntoTheSection() {
        Recipe r = fx.load("x.yaml", "model={d_model: 64, heads: 2}");
        assertEquals(64, r.model().dModel());
        assertEquals(2, r.model().layers(), "keys not in the value are kept");
    }

    @Test
    void listOfRecordsAndIndexIntoThem() {
        Recipe r = fx.load("x.yaml", "optimizer.overrides=[{match: 'embed.*', state: 32bit}]",
                "optimizer.overrides[0].lr=0.5");
        assertEquals(new OptimizerConfig.ParamOverride("embed.*", "32bit", 0.5, null), r.optimizer().overrides().get(0));
    }

    @Test
    void valuesAreYamlScalars() {
        Recipe r = fx.load("x.yaml", "name='0123'", "model.tie_embeddings=false", "init_from=", "output=out/${name}");
        assertEquals("0123", r.name(), "a quoted value stays a string");
        assertEquals(false, r.model().tieEmbeddings());
        assertEquals(null, r.initFrom(), "an empty value is null");
        assertEquals("out/0123", r.output());
    }

    @Test
    void unknownKeysGetTheSameDidYouMeanAsInAFile() {
        var problems = fx.problems("x.yaml", "model.layrs=3", "modle.layers=3", "optimizer.bets[1]=0.9");
        assertProblem(problems, "--set model.layrs=3", 0, "model.layrs", "unknown key; did you mean 'layers'?");
        assertProblem(problems, "--set modle.layers=3", 0, "modle", "unknown key; did you mean 'model'?");
        assertProblem(problems, "--set optimizer.bets[1]=0.9", 0, "optimizer.bets", "did you mean 'betas'?");
        assertEquals("--set model.layrs=3: model.layrs: unknown key; did you mean 'layers'?",
                RecipeFixture.at(problems, "model.layrs").toString());
    }

    @Test
    void wrongValuesAreReportedAtTheSetArgument() {
        var problems = fx.problems("x.yaml", "model.heads=abc", "model.d_model=100", "model.heads=3");
        assertProblem(problems, "--set model.heads=3", 0, "model.heads", "3 does not divide d_model 100");
        var typed = fx.problems("x.yaml", "model.layers=abc");
        assertProblem(typed, "--set model.layers=abc", 0, "model.layers", "expected an integer, got 'abc'");
    }

    @Test
    void malformedArgumentsAreErrors() {
        var problems = fx.problems("x.yaml", "model.layers", "=3", "model..layers=3", "a[x]=1", "model.layers=[1, 2",
                "extends=base.yaml");
        String all = RecipeFixture.show(problems);
        assertEquals(6, problems.size(), all);
        assertTrue(all.contains("--set model.layers: expected KEY=VALUE"), all);
        assertTrue(all.contains("--set =3: bad key ''"), all);
        assertTrue(all.contains("--set model..layers=3: bad key 'model..layers'"), all);
        assertTrue(all.contains("--set a[x]=1: bad key"), all);
        assertTrue(all.contains("--set model.layers=[1, 2: YAML syntax error"), all);
        assertTrue(all.contains("--set extends=base.yaml: extends: cannot be set with --set"), all);
    }

    @Test
    void indexProblemsAreReported() {
        var problems = fx.problems("x.yaml", "optimizer.betas[2]=0.5", "model[0]=1", "model.layers.x=1");
        assertProblem(problems, "--set optimizer.betas[2]=0.5", 0, "optimizer.betas[2]",
                "index 2 is out of range: the list has 2 items");
        assertProblem(problems, "--set model[0]=1", 0, "model", "cannot use [0]: the value is a mapping");
        assertProblem(problems, "--set model.layers.x=1", 0, "model.layers", "cannot set 'x' inside '2'");
    }

    @Test
    void setTrainerSelectsThatTrainersDefaultsAndSections() {
        Recipe r = fx.load("x.yaml", "trainer=staged", "staged.stages=[{until: 10ba, model: {layers: 3}}]");
        assertEquals("staged", r.trainer());
        TestTrainers.StagedConfig s = r.section("staged", TestTrainers.StagedConfig.class);
        assertEquals("grow", s.mode());
        assertEquals(Map.of("layers", 3), s.stages().get(0).model());
        assertEquals(2, r.model().layers(), "the file still wins over trainer defaults");
    }

    @Test
    void relativePathsInASetAreTakenFromTheWorkingDirectory() {
        Recipe r = fx.load("x.yaml", "trainer=staged", "staged.teacher=some/dir");
        assertEquals(Path.of("some/dir").toAbsolutePath().normalize().toString(),
                r.section("staged", TestTrainers.StagedConfig.class).teacher());
    }

    @Test
    void parseSplitsKeysIntoNamesAndIndices() {
        SetOverride s = SetOverride.parse("a.b[2][0].c=1", new ValidationErrors());
        assertEquals(List.of(new SetOverride.Key("a"), new SetOverride.Key("b"), new SetOverride.Index(2),
                new SetOverride.Index(0), new SetOverride.Key("c")), s.segments());
        assertEquals("a.b[2][0].c", s.path(s.segments().size()));
        SetOverride eq = SetOverride.parse("output=a=b", new ValidationErrors());
        assertEquals("a=b", ((ConfigNode.ScalarNode) eq.value()).text(), "only the first '=' splits");
    }
}
