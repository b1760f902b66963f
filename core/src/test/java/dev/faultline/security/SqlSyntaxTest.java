package dev.faultline.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SqlSyntax (SQL tokenizer and parser)")
class SqlSyntaxTest {

    final SqlSyntax syntax = new SqlSyntax();

    int check(String value) {
        String text = Families.SCANNER.canonical(value, new Canonicalizer.Work()).text();
        return syntax.check(text.toCharArray(), text.length(), new Canonicalizer.Work());
    }

    List<String> tokens(String text, int context) {
        SqlLexer lx = new SqlLexer();
        List<String> out = new ArrayList<>();
        if (!lx.tokenize(text.toCharArray(), text.length(), context, new Canonicalizer.Work())) {
            return out;
        }
        for (int i = 0; i < lx.all(); i++) {
            out.add(lx.type[i] + ":" + lx.text(i));
        }
        return out;
    }

    @Test
    @DisplayName("tokenizes strings, numbers, operators, keywords, functions, variables and comments")
    void lexer() {
        assertEquals(List.of("2:1", "5:or", "2:1", "7:=", "2:1", "13:--"), tokens("1 or 1=1--", SqlLexer.BARE));
        assertEquals(List.of("1:x", "5:or", "1:'a'", "7:=", "1:'a"), tokens("x' or 'a'='a", SqlLexer.SINGLE));
        assertEquals(List.of("8:sleep", "9:(", "2:5", "10:)"), tokens("sleep(5)", SqlLexer.BARE));
        assertEquals(List.of("14:@@version", "2:0x7e", "16:union", "4:select"),
                tokens("@@version 0x7e/**/union/*!50000select*/", SqlLexer.BARE));
        assertEquals(List.of("2:1", "16:union"), tokens("1union", SqlLexer.BARE));
        assertEquals(List.of(), tokens("no quote here", SqlLexer.SINGLE));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("finds injections after a quote, a double quote, or bare")
    @ValueSource(strings = {"' or 1=1--", "x' or 'a'='a", "a' or 'b", "A' DIV 'B", "' = '", "admin'--",
        "1' and substring(version(),1,1)=5 -- ", "\" or \"\"=\"", "asd\" or md5(1)^\"1", "1 or 1=1",
        "1 and ascii(substring((select user()),1,1))>64", "-1 union select 1,2,3", "1) or (1,1)=(select 1,1)--",
        "HOPE AND 8=3", "~9-(2) OR 1 = ~1", "1;shutdown--", "1; exec xp_cmdshell 'dir'", "1--", "@version /*",
        "(CASE WHEN 1=1 THEN 1 ELSE 0 END)", "21 update t set c=1--", "1 into outfile '/tmp/x'",
        "id having (1 or true)", "select @@version", "ascii(substring(version() from 1 for 1))"})
    void attacks(String value) {
        assertNotEquals(SqlSyntax.NONE, check(value), value);
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("reads prose, names and search phrases as not SQL")
    @ValueSource(strings = {"O'Brien", "rock 'n' roll", "it's a nice day", "7 and a half", "1950 or 1960",
        "\"sweater dress\" and \"christmas\"", "black and \"shower curtain\"", "select 'and'", "\"LIKE\" stamp",
        "Women's / Men's", "1/26/11", "9-2-5 black pumps", "1<2 and 3>2", "salt and pepper", "delete from my list",
        "SELECT name FROM users WHERE id = 1", "sleep(8h) is needed", "the 'best' --really", "l'or et l'argent",
        "to be or not to be", "x = 1", "iphone+4+case", "1611-abc--", "c'est-à-dire", "5'11\""})
    void benign(String value) {
        assertEquals(SqlSyntax.NONE, check(value), value);
    }

    @Test
    @DisplayName("reads at most MAX_TOKENS tokens, so a long value costs no more than its first tokens")
    void capped() {
        String longOne = "1 or " + "1+".repeat(100_000) + "1";
        Canonicalizer.Work w = new Canonicalizer.Work();
        syntax.check(longOne.toCharArray(), longOne.length(), w);
        assertTrue(w.ops < 4L * longOne.length(), () -> w.ops + " ops");
    }
}
