using System.Globalization;
using System.Numerics;
using System.Text;

namespace MppSurvey.Core.Scoring;

/// <summary>
/// An exact non-negative rational number. skm-method.md §2 asks for results "reproducible to the
/// last digit" and grades on a value rounded half away from zero: an NRR such as 35/9 is not exact
/// in <see cref="decimal"/>, and the 28-digit truncation of a sum of such NRRs can land just below a
/// true midpoint (x.xx5) and flip a grade. Sums and counts stay integers; only display converts.
/// </summary>
internal readonly struct Fraction : IEquatable<Fraction>
{
    private Fraction(BigInteger numerator, BigInteger denominator)
    {
        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        Numerator = gcd.IsZero ? numerator : numerator / gcd;
        Denominator = gcd.IsZero ? denominator : denominator / gcd;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static Fraction Zero => new(BigInteger.Zero, BigInteger.One);

    public static Fraction Of(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), "The denominator must be positive.");
        }

        if (numerator.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), "Scores are never negative.");
        }

        return new Fraction(numerator, denominator);
    }

    public static Fraction operator +(Fraction a, Fraction b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    public Fraction Times(BigInteger factor) => new(Numerator * factor, Denominator);

    public Fraction DividedBy(BigInteger divisor) => new(Numerator, Denominator * divisor);

    public int CompareTo(Fraction other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>Rounds to <paramref name="digits"/> decimals, half away from zero, without any intermediate truncation.</summary>
    public decimal RoundAwayFromZero(int digits)
    {
        var scale = BigInteger.Pow(10, digits);
        var scaled = Numerator * scale;
        var quotient = BigInteger.DivRem(scaled, Denominator, out var remainder);
        if (remainder * 2 >= Denominator)
        {
            quotient += 1;
        }

        // A decimal built from the scaled integer keeps exactly `digits` decimals (88.61, 100.00).
        return ToDecimalWithScale(quotient, digits);
    }

    /// <summary>The nearest <see cref="decimal"/> (28-29 significant digits), for display and JSON.</summary>
    public decimal ToDecimal()
    {
        var whole = BigInteger.DivRem(Numerator, Denominator, out var remainder);
        if (remainder.IsZero)
        {
            return decimal.Parse(whole.ToString(CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        var text = new StringBuilder(whole.ToString(CultureInfo.InvariantCulture)).Append('.');
        for (var i = 0; i < 32 && !remainder.IsZero; i++)
        {
            remainder *= 10;
            var digit = BigInteger.DivRem(remainder, Denominator, out remainder);
            text.Append(digit.ToString(CultureInfo.InvariantCulture));
        }

        // decimal.Parse rounds the surplus digits to the nearest representable value.
        return decimal.Parse(text.ToString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    public double ToDouble() => (double)ToDecimal();

    public bool Equals(Fraction other) => Numerator == other.Numerator && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Fraction other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");

    private static decimal ToDecimalWithScale(BigInteger scaledValue, int digits)
    {
        var text = scaledValue.ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        var withPoint = digits == 0 ? text : string.Concat(text.AsSpan(0, text.Length - digits), ".", text.AsSpan(text.Length - digits));
        return decimal.Parse(withPoint, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }
}
